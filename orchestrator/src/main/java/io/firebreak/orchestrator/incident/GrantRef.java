package io.firebreak.orchestrator.incident;

/** A minted grant: commands carry {@code grantId}; nothing is dispatched at or after {@code notAfterMs}. */
public record GrantRef(String grantId, long notAfterMs) {}
