package io.firebreak.orchestrator.incident;

/** A responder's request to stop an incident and roll back what it did. */
public record CancelRequest(String requestedBy, String reason) {}
