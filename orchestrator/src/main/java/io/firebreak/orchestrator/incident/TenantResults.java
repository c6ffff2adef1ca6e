package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gdap.GdapRevocationResult;

/**
 * What one orchestrator-side {@code revoke-gdap} step did, to be stored per relationship with its
 * evidence. Contains no secret (see {@link GdapRevocationResult}).
 *
 * @param grantId the grant the step acted under (part of every relationship's evidence)
 */
public record TenantResults(String incidentId, String step, String action, GdapRevocationResult result,
    String grantId) {

  /** Results recorded without a grant (older workflows). */
  public TenantResults(String incidentId, String step, String action, GdapRevocationResult result) {
    this(incidentId, step, action, result, null);
  }
}
