package io.firebreak.orchestrator.gdap;

import io.temporal.failure.ApplicationFailure;

/**
 * The {@link GdapActivities} of an orchestrator without a {@code gdap} configuration: registered in
 * place of the real one so that the server starts and an incident that reaches a {@code
 * revoke-gdap} step fails that step at once with a message saying what to configure, instead of
 * waiting for a worker that will never come. Stateless and thread-safe.
 */
public final class GdapNotConfigured implements GdapActivities {
  /** What a responder sees on the failed step (and the playbook listing shows as a warning). */
  public static final String MESSAGE =
      "revoke-gdap is not configured: set gdap.tenantId/clientId/clientSecret";

  @Override
  public GdapRevocationResult revokePartnerAccess(GdapRevocationRequest request) {
    throw ApplicationFailure.newNonRetryableFailure(MESSAGE, NOT_CONFIGURED);
  }
}
