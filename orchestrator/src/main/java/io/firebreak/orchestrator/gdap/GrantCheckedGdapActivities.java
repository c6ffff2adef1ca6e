package io.firebreak.orchestrator.gdap;

import io.firebreak.orchestrator.gateway.GrantGuard;
import io.temporal.failure.ApplicationFailure;

/**
 * {@link GdapActivities} behind the same last check the gateway makes before it signs a command:
 * the grant the request carries must allow {@code revoke-gdap} on the pseudo-partition {@link
 * GdapActivities#PARTITION} now (known, not revoked, not ended). Otherwise it fails with {@link
 * GdapActivities#NO_GRANT} before any Graph call. Thread-safe when the delegate and guard are.
 */
public final class GrantCheckedGdapActivities implements GdapActivities {
  private final GdapActivities delegate;
  private final GrantGuard grants;

  public GrantCheckedGdapActivities(GdapActivities delegate, GrantGuard grants) {
    this.delegate = delegate;
    this.grants = grants;
  }

  @Override
  public GdapRevocationResult revokePartnerAccess(GdapRevocationRequest request) {
    String refusal = grants.refusal(request.grantId(), PARTITION, ACTION, false);
    if (refusal != null) {
      throw ApplicationFailure.newNonRetryableFailure(refusal + "; nothing was revoked", NO_GRANT);
    }
    return delegate.revokePartnerAccess(request);
  }
}
