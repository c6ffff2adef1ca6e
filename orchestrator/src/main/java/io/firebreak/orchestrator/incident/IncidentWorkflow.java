package io.firebreak.orchestrator.incident;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One incident: resolves the playbook's targets, waits for approval when the playbook asks for
 * it, then dispatches each step to the targets in batches on the task queues of the gateways that
 * hold the hosts' streams. Started with signal-with-start on the incident key, so a repeated alert
 * for the same entity becomes an {@link #alert} signal to the running incident.
 */
@WorkflowInterface
public interface IncidentWorkflow {
  /** The signal by which partition workflows report progress to their parent. */
  String PROGRESS_SIGNAL = "progress";

  @WorkflowMethod
  IncidentStatus run(IncidentRequest request);

  /** Another alert for the same entity: counted and recorded, never a second response. */
  @SignalMethod
  void alert(AlertRef alert);

  /**
   * A responder stops the incident: no further wave or step is sent, and what was done is rolled
   * back (inverses, newest first). Ignored once the incident has ended.
   */
  @SignalMethod
  void cancel(CancelRequest request);

  /** A partition workflow's counts so far (advisory; its outcome is authoritative). */
  @SignalMethod(name = PROGRESS_SIGNAL)
  void progress(ChildProgress progress);

  /** An admin revoked the incident's grant: no further batch is dispatched; nothing is rolled back. */
  @SignalMethod
  void grantRevoked(GrantRevocation revocation);

  /** Current state and per-step counts. */
  @QueryMethod
  IncidentStatus status();

  /**
   * Approves or denies the plan of an incident waiting for approval. Rejected at once (by the
   * validator, with the reason) when the incident is not waiting, the decider is the requester or
   * already approved, the decision names another plan digest, the request expired, the decider's
   * tier has not been reached or the plan touches partitions outside the decider's scope.
   *
   * @return the state the incident moves to
   */
  @UpdateMethod
  IncidentState decide(ApprovalDecision decision);

  @UpdateValidatorMethod(updateName = "decide")
  void validateDecide(ApprovalDecision decision);
}
