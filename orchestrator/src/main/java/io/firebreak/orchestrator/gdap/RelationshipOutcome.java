package io.firebreak.orchestrator.gdap;

import java.util.List;

/**
 * What happened to one delegated admin relationship (or to one customer that has none), with the
 * evidence a responder needs: ids, the statuses before and after, Graph's request id, the access
 * assignments deleted, and when. Timestamps are ISO 8601 UTC strings.
 *
 * @param relationshipId null for {@link Outcome#NO_RELATIONSHIP} or when listing the customer's
 *     relationships failed
 * @param initialStatus the status as Graph sent it when this run first read the relationship
 * @param finalStatus the status as Graph sent it on this run's last read
 * @param terminationRequestId the id of the {@code terminate} request this run created, or null
 * @param deletedAccessAssignmentIds access assignments this run deleted
 * @param reason a sentence for responders: why it failed, or what was found
 */
public record RelationshipOutcome(String customerTenantId, String relationshipId, String displayName,
    Outcome outcome, String reason, String initialStatus, String finalStatus, String terminationRequestId,
    List<String> deletedAccessAssignmentIds, String startedAt, String finishedAt) {

  /** The result for one relationship. Everything but {@link #FAILED} means the access is ending. */
  public enum Outcome {
    /** This run requested termination and Graph reports {@code terminated}. */
    TERMINATED,
    /** Termination was requested (by this run) and Graph still reports it in progress at the poll timeout. */
    TERMINATION_PENDING,
    /**
     * Already {@code terminated}, {@code terminating}, {@code terminationRequested} or {@code
     * expired} when this run read it: no new request was sent.
     */
    ALREADY_TERMINATED,
    /** The relationship was never activated ({@code created}) and this run deleted it. */
    DELETED,
    /** The partner has no relationship with this customer. */
    NO_RELATIONSHIP,
    /** Not ended; see the reason. */
    FAILED
  }

  public RelationshipOutcome {
    deletedAccessAssignmentIds =
        deletedAccessAssignmentIds == null ? List.of() : List.copyOf(deletedAccessAssignmentIds);
  }

  /** True unless the outcome is {@link Outcome#FAILED}. */
  public boolean succeeded() {
    return outcome != Outcome.FAILED;
  }
}
