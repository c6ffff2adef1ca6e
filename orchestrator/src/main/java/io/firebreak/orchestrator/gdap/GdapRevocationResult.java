package io.firebreak.orchestrator.gdap;

import java.util.List;

/**
 * The outcome of one {@link GdapActivities#revokePartnerAccess} run: one entry per relationship
 * (and per named customer without any), in the order processed. Contains no secret.
 *
 * @param partnerTenantId the partner tenant whose access was revoked (from configuration)
 * @param startedAt ISO 8601 UTC
 * @param finishedAt ISO 8601 UTC
 */
public record GdapRevocationResult(String incidentId, String step, String partnerTenantId, String startedAt,
    String finishedAt, List<RelationshipOutcome> outcomes) {

  public GdapRevocationResult {
    outcomes = outcomes == null ? List.of() : List.copyOf(outcomes);
  }

  /** The number of relationships (or customers) not ended. */
  public long failedCount() {
    return outcomes.stream().filter(outcome -> !outcome.succeeded()).count();
  }

  /** True when every relationship is ending or ended. */
  public boolean allSucceeded() {
    return failedCount() == 0;
  }
}
