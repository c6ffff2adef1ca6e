package io.firebreak.orchestrator.incident;

/** Lifecycle of an incident. The JSON/database form is the lower-case name. */
public enum IncidentState {
  /** Resolving targets. */
  OPEN,
  /** Waiting for an approve/deny decision. */
  AWAITING_APPROVAL,
  /** Dispatching steps. */
  RUNNING,
  /** A responder rolls back an ended incident: the inverses are running. */
  ROLLING_BACK,
  /** Every host succeeded in every step. */
  COMPLETED,
  /** Every step ran to the end, but some hosts failed, were rejected or unreachable. */
  COMPLETED_WITH_ERRORS,
  /**
   * Stopped (error budget exceeded, or a responder cancelled): later waves were not dispatched and
   * the inverses ran for the hosts already done; see the status's abort reason.
   */
  ROLLED_BACK,
  /**
   * Dispatch stopped because the incident's grant was revoked or ended; what was done stays (not
   * rolled back: the incident no longer has the right to act).
   */
  STOPPED,
  /** The approver denied the plan; nothing was dispatched. */
  DENIED,
  /** Nothing to act on: the targets resolved to no host. */
  NO_TARGETS,
  /** Nobody decided before the approval request expired; nothing was dispatched (fail closed). */
  EXPIRED,
  /** The incident could not proceed (an internal error); see its error text. */
  FAILED;

  public boolean isTerminal() {
    return this != OPEN && this != AWAITING_APPROVAL && this != RUNNING && this != ROLLING_BACK;
  }

  /** True when {@code wireName} (as stored and served, e.g. "rolled_back") names an ended state. */
  public static boolean isTerminal(String wireName) {
    try {
      return valueOf(wireName.toUpperCase(java.util.Locale.ROOT)).isTerminal();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
