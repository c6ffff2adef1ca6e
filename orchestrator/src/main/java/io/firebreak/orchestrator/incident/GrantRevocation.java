package io.firebreak.orchestrator.incident;

/** An admin revoked the incident's grant: dispatch stops at once. */
public record GrantRevocation(String grantId, String revokedBy, String reason) {}
