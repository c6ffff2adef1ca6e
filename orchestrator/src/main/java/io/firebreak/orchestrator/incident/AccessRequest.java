package io.firebreak.orchestrator.incident;

/** Asks the policy what an incident's plan needs before it may act (activity input). */
public record AccessRequest(String incidentId, IncidentRequest request, PlanSummary plan) {}
