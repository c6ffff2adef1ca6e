package io.firebreak.orchestrator.audit;

import java.util.regex.Pattern;

/**
 * Names of the actions the audit trail records. Actions are plain strings so that a new kind of
 * event needs a constant here, never a schema change; {@link AuditEvent} accepts any name matching
 * {@link #NAME}. Keep names in the past tense of what happened.
 */
public final class AuditActions {
  /** What an action name must look like: upper case letters, digits and underscores. */
  public static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

  /** A detection system posted an alert (actor: the token's name, subject: the alert id). */
  public static final String ALERT_RECEIVED = "ALERT_RECEIVED";
  /** An incident was opened, by an alert's trigger or by a responder. */
  public static final String INCIDENT_OPENED = "INCIDENT_OPENED";
  /** An incident's targets and steps were resolved into a plan. */
  public static final String PLAN_RESOLVED = "PLAN_RESOLVED";
  public static final String APPROVAL_REQUESTED = "APPROVAL_REQUESTED";
  public static final String APPROVAL_DECIDED = "APPROVAL_DECIDED";
  public static final String APPROVAL_EXPIRED = "APPROVAL_EXPIRED";
  public static final String APPROVAL_ESCALATED = "APPROVAL_ESCALATED";
  /** A decision was refused, for example a requester approving their own request. */
  public static final String APPROVAL_REFUSED = "APPROVAL_REFUSED";
  public static final String GRANT_MINTED = "GRANT_MINTED";
  public static final String GRANT_REVOKED = "GRANT_REVOKED";
  /** A signed command left for a host (subject: the incident id, host in the details). */
  public static final String COMMAND_SENT = "COMMAND_SENT";
  /** A host answered a command (subject: the incident id, host in the details). */
  public static final String COMMAND_RESULT = "COMMAND_RESULT";
  public static final String ROLLBACK_STARTED = "ROLLBACK_STARTED";
  public static final String INCIDENT_ENDED = "INCIDENT_ENDED";
  public static final String LOGIN = "LOGIN";
  public static final String LOGIN_FAILED = "LOGIN_FAILED";
  public static final String LOGOUT = "LOGOUT";
  public static final String TOKEN_USED = "TOKEN_USED";
  public static final String TOKEN_CREATED = "TOKEN_CREATED";
  public static final String TOKEN_REVOKED = "TOKEN_REVOKED";
  public static final String USER_CREATED = "USER_CREATED";
  public static final String ACCESS_DENIED = "ACCESS_DENIED";
  public static final String POLICY_LOADED = "POLICY_LOADED";

  private AuditActions() {}
}
