package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gdap.GdapRevocationResult;

/**
 * What one orchestrator-side {@code revoke-gdap} step did, to be stored per relationship with its
 * evidence. Contains no secret (see {@link GdapRevocationResult}).
 */
public record TenantResults(String incidentId, String step, String action, GdapRevocationResult result) {}
