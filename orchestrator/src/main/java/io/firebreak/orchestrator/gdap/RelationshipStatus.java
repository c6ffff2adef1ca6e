package io.firebreak.orchestrator.gdap;

import java.util.Locale;

/**
 * The {@code status} of a Microsoft Graph {@code delegatedAdminRelationship}. Graph's enum is
 * evolvable: {@code unknownFutureValue} and any member added after this code was written parse as
 * {@link #UNKNOWN}, never as an error; the raw string is kept next to it for reports.
 */
public enum RelationshipStatus {
  CREATED("created"),
  APPROVAL_PENDING("approvalPending"),
  APPROVED("approved"),
  ACTIVATING("activating"),
  ACTIVE("active"),
  EXPIRING("expiring"),
  EXPIRED("expired"),
  TERMINATION_REQUESTED("terminationRequested"),
  TERMINATING("terminating"),
  TERMINATED("terminated"),
  /** {@code unknownFutureValue}, a member newer than this code, or a missing status. */
  UNKNOWN("unknownFutureValue");

  private final String graphName;

  RelationshipStatus(String graphName) {
    this.graphName = graphName;
  }

  /** The member's name on the wire, e.g. {@code terminationRequested}. */
  public String graphName() {
    return graphName;
  }

  /** Parses Graph's string; unknown or null strings give {@link #UNKNOWN}. */
  public static RelationshipStatus fromGraph(String value) {
    if (value == null) {
      return UNKNOWN;
    }
    for (RelationshipStatus status : values()) {
      if (status.graphName.toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))) {
        return status;
      }
    }
    return UNKNOWN;
  }

  /**
   * True when termination was already requested or is complete: {@code terminationRequested},
   * {@code terminating} or {@code terminated}. Such a relationship needs no new request.
   */
  public boolean terminationUnderway() {
    return this == TERMINATION_REQUESTED || this == TERMINATING || this == TERMINATED;
  }
}
