package io.firebreak.orchestrator.incident;

import java.util.List;
import java.util.Map;

/**
 * Input of a {@link PartitionWorkflow}: one slice of the plan, the steps to run on it and where to
 * report.
 *
 * @param parentWorkflowId receives {@link ChildProgress} signals
 * @param childKey this child's key within its parent (echoed in progress)
 * @param epoch carried by every command (see {@link IncidentWorkflowImpl#FORWARD_EPOCH})
 * @param rollback false: run {@code steps} in order on the slice's hosts; true: run each step's
 *     inverse, last step first, on the hosts of the slice where that step succeeded, newest first
 * @param maxConcurrency hosts in flight at once for this child (0: no cap)
 * @param grantId the grant every command carries (the gateway refuses what it does not cover)
 * @param carry where an earlier run of this child stopped (continue-as-new), or null
 */
public record PartitionRun(String incidentId, String parentWorkflowId, String childKey, PlanSlice slice,
    List<StepSpec> steps, long epoch, boolean rollback, int maxConcurrency, long offlineWaitMs, String grantId,
    Carry carry) {

  public PartitionRun {
    steps = List.copyOf(steps);
  }

  /**
   * The state a child hands to its next run when it continues as new.
   *
   * @param nextStep index into {@code steps} of the next step to run (rollback: counts down)
   * @param counts per step, cumulative
   * @param unreachableIn host → the step it was unreachable in (skipped in later steps)
   * @param problemHosts hosts that failed, were rejected or unreachable in any step so far
   */
  public record Carry(int nextStep, List<StepCounts> counts, Map<String, String> unreachableIn,
      List<String> problemHosts) {}

  PartitionRun continuing(Carry next) {
    return new PartitionRun(incidentId, parentWorkflowId, childKey, slice, steps, epoch, rollback, maxConcurrency,
        offlineWaitMs, grantId, next);
  }
}
