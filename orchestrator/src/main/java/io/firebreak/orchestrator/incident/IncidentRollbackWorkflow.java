package io.firebreak.orchestrator.incident;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A responder's rollback of an incident that already ended (completed, or completed with errors):
 * runs every step's inverse on the hosts it succeeded on, newest first, through the same partition
 * children and epoch as a rollback on abort, and leaves the incident {@code rolled_back} in the
 * index. Its workflow id is derived from the incident id, so an incident is rolled back once.
 */
@WorkflowInterface
public interface IncidentRollbackWorkflow {
  @WorkflowMethod
  IncidentStatus run(RollbackRequest request);

  @SignalMethod(name = IncidentWorkflow.PROGRESS_SIGNAL)
  void progress(ChildProgress progress);

  @QueryMethod
  IncidentStatus status();

  /** The workflow id of the rollback of {@code incidentId}. */
  static String workflowId(String incidentId) {
    return "incident-rollback/" + incidentId;
  }
}
