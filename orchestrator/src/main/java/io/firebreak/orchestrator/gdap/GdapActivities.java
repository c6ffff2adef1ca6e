package io.firebreak.orchestrator.gdap;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The {@code revoke-gdap} action: ends a Microsoft partner's delegated admin (GDAP) access to its
 * customers' tenants through Microsoft Graph. Runs in the orchestrator (no agent involved).
 *
 * <p>Idempotency: every relationship is handled by its current status, so a retried or repeated
 * run sends no second terminate request for a relationship already terminated, terminating or
 * with termination requested, and reports it {@code ALREADY_TERMINATED}. The key is the
 * relationship itself; {@code incidentId} and {@code step} are only recorded.
 *
 * <p>Heartbeats a {@link GdapProgress} while it works and polls, so give the stub a heartbeat
 * timeout longer than one Graph call may take with its retries ({@code callDeadline}, 2 minutes by
 * default) plus {@code pollInterval}, e.g. 3 minutes, and a start-to-close timeout longer than
 * {@code terminationTimeout} times the number of relationships you expect.
 *
 * <p>Failures: a relationship that cannot be ended is reported {@code FAILED} with a reason in the
 * result; the activity itself fails only when nothing can proceed, with one of the failure types
 * below.
 */
@ActivityInterface
public interface GdapActivities {
  /**
   * The pseudo-partition a plan with a {@code revoke-gdap} step touches (no host is in it): the
   * incident's approvers, the grant it runs under and whoever may see the incident must cover it
   * (partitions {@code ["gdap"]} or {@code ["*"]}). Reserved: no host partition may have this name.
   */
  String PARTITION = "gdap";
  /** The action. */
  String ACTION = "revoke-gdap";
  /** The token endpoint refused the client id or secret: non-retryable, fix the configuration. */
  String CREDENTIALS_REFUSED = "GdapCredentialsRefused";
  /** Graph refused a freshly issued token (e.g. the app lacks DelegatedAdminRelationship.ReadWrite.All). */
  String NOT_AUTHORIZED = "GdapNotAuthorized";
  /**
   * The request itself is invalid (e.g. a malformed customer tenant id, or a partner other than
   * the configured one): non-retryable.
   */
  String INVALID_REQUEST = "GdapInvalidRequest";
  /** Listing every customer's relationships failed transiently (Graph down, circuit open): retryable. */
  String GRAPH_UNAVAILABLE = "GdapGraphUnavailable";
  /** Graph refused to list every customer's relationships (a 4xx such as 403): non-retryable. */
  String GRAPH_REFUSED = "GdapGraphRefused";
  /**
   * The request carries no grant, or one that does not allow {@code revoke-gdap} on {@link
   * #PARTITION} now (unknown, revoked, ended, out of scope): non-retryable, nothing was revoked.
   */
  String NO_GRANT = "GdapNoGrant";
  /** This orchestrator has no {@code gdap} configuration (see {@link GdapNotConfigured}): non-retryable. */
  String NOT_CONFIGURED = "GdapNotConfigured";

  /**
   * Ends the configured partner's relationships with the requested customers (all customers when
   * the list is empty) and reports each with evidence.
   */
  @ActivityMethod
  GdapRevocationResult revokePartnerAccess(GdapRevocationRequest request);
}
