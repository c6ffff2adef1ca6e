package io.firebreak.orchestrator.incident;

import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One slice of one partition of an incident (a child of the incident workflow): runs the steps, or
 * their inverses, on the slice's hosts through {@link StepDispatcher}, reports progress to the
 * parent and continues as new between steps when its history grows, so no history passes 10,000
 * events whatever the number of hosts.
 */
@WorkflowInterface
public interface PartitionWorkflow {
  @WorkflowMethod
  PartitionOutcome run(PartitionRun run);

  /** The incident was cancelled: finish the step in flight, start no other. */
  @SignalMethod
  void stop();
}
