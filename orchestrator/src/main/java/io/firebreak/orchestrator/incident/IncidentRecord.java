package io.firebreak.orchestrator.incident;

import java.time.Instant;

/** One row of the incident index. {@code status} is the workflow's last recorded status. */
public record IncidentRecord(
    String incidentId,
    String incidentKey,
    String workflowId,
    String runId,
    String playbook,
    String mode,
    String state,
    String requestedBy,
    String justification,
    String alertId,
    int targetCount,
    int alertCount,
    IncidentStatus status,
    String error,
    Instant createdAt,
    Instant updatedAt) {}
