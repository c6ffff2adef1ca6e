package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.TaskQueues;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inside a parent workflow: runs plan slices as {@link PartitionWorkflow} children, in parallel
 * within a concurrency cap, and keeps the sum of their counts (finished children's outcomes plus
 * running children's latest progress) for the parent's status. Workflow-local; single-threaded.
 */
final class PartitionFanOut {
  private final String incidentId;
  private final List<StepSpec> steps;
  private final Runnable onProgress;
  private final String grantId;
  private final Map<String, List<StepCounts>> running = new LinkedHashMap<>();
  private final Map<String, String> runningIds = new LinkedHashMap<>();
  private List<StepCounts> finished;
  private boolean stopping;

  PartitionFanOut(String incidentId, List<StepSpec> steps, String grantId, Runnable onProgress) {
    this.incidentId = incidentId;
    this.grantId = grantId;
    this.steps = List.copyOf(steps);
    this.onProgress = onProgress;
    this.finished = StepCounts.zeros(steps.size());
  }

  /** The result of one {@link #run}. */
  record Outcome(int problemHosts, boolean stopped) {}

  /**
   * Runs {@code slices} (cut to child size by the caller) as children and waits for all of them.
   * With a cap, children get shares of it proportional to their size; when there are more children
   * than the cap allows, they run one after another with the whole cap.
   */
  Outcome run(String phase, List<PlanSlice> slices, long epoch, boolean rollback, int maxConcurrency,
      long offlineWaitMs) {
    int total = slices.stream().mapToInt(PlanSlice::size).sum();
    List<Integer> shares = new ArrayList<>();
    boolean oneAtATime = false;
    for (PlanSlice slice : slices) {
      int share = maxConcurrency <= 0 ? 0 : (int) ((long) maxConcurrency * slice.size() / Math.max(1, total));
      oneAtATime |= maxConcurrency > 0 && share == 0;
      shares.add(share);
    }
    int problems = 0;
    boolean stopped = false;
    List<Promise<PartitionOutcome>> children = new ArrayList<>();
    for (int i = 0; i < slices.size() && !stopping; i++) {
      PlanSlice slice = slices.get(i);
      String key = phase + "/" + slice.partition() + "/" + slice.from();
      // The parent's workflow id, not the incident id: child ids must replay identically.
      String workflowId = Workflow.getInfo().getWorkflowId() + "/" + key;
      PartitionRun input = new PartitionRun(incidentId, Workflow.getInfo().getWorkflowId(), key, slice, steps, epoch,
          rollback, oneAtATime ? maxConcurrency : shares.get(i), offlineWaitMs, grantId, null);
      PartitionWorkflow child = Workflow.newChildWorkflowStub(PartitionWorkflow.class,
          ChildWorkflowOptions.newBuilder()
              .setWorkflowId(workflowId)
              .setTaskQueue(TaskQueues.INCIDENTS)
              .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_TERMINATE)
              .build());
      running.put(key, StepCounts.zeros(steps.size()));
      runningIds.put(key, workflowId);
      Promise<PartitionOutcome> outcome = Async.function(child::run, input);
      children.add(outcome.thenApply(result -> {
        running.remove(key);
        runningIds.remove(key);
        finished = StepCounts.sum(finished, result.counts());
        onProgress.run();
        return result;
      }));
      if (oneAtATime) {
        PartitionOutcome result = children.get(children.size() - 1).get();
        problems += result.problemHosts();
        stopped |= result.stopped();
      }
    }
    stopped |= stopping && children.size() < slices.size();
    if (!oneAtATime) {
      for (Promise<PartitionOutcome> child : children) {
        PartitionOutcome result = child.get();
        problems += result.problemHosts();
        stopped |= result.stopped();
      }
    }
    return new Outcome(problems, stopped);
  }

  /** A running child's progress; ignored once it finished (its outcome is authoritative). */
  void progress(ChildProgress update) {
    if (running.containsKey(update.childKey()) && update.counts().size() == steps.size()) {
      running.put(update.childKey(), update.counts());
      onProgress.run();
    }
  }

  /** Asks every running child to start no further step. */
  void stopAll() {
    stopping = true;
    for (String workflowId : runningIds.values()) {
      Async.procedure(() -> {
        try {
          Workflow.newExternalWorkflowStub(PartitionWorkflow.class, workflowId).stop();
        } catch (RuntimeException e) {
          // It finished meanwhile.
        }
      });
    }
  }

  /** Per step: finished children's counts plus running children's latest. */
  List<StepCounts> counts() {
    List<StepCounts> sum = finished;
    for (List<StepCounts> live : running.values()) {
      sum = StepCounts.sum(sum, live);
    }
    return sum;
  }
}
