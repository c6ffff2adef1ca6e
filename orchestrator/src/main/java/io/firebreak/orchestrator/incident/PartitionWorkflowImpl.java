package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.TargetHost;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * See {@link PartitionWorkflow}. Hosts are loaded from the plan snapshot in pages; per-host results
 * are recorded by the dispatch activities; only counts travel back to the parent.
 */
public final class PartitionWorkflowImpl implements PartitionWorkflow {
  /** Hosts per plan-snapshot read: keeps each activity result well under 1 MB. */
  static final int PAGE = 2_000;
  /** Continue as new between steps once the history has this many events (bound: 10,000). */
  static final int CONTINUE_AFTER_EVENTS = 2_000;
  /** Most hosts one child handles; with {@link #maxHostsPerChild} it bounds the events per step. */
  static final int MAX_HOSTS = 10_000;
  /** Most dispatch batches per step in one child (about five history events each). */
  static final int MAX_BATCHES_PER_STEP = 400;
  static final long PROGRESS_EVERY_MS = 1_000;

  private int revision;
  private IncidentActivities database;
  private final List<Promise<Void>> pendingSignals = new ArrayList<>();
  private boolean stopRequested;
  private PartitionRun run;
  private List<StepProgress> progress;
  /** When progress was last sent; none yet at 0 (workflow time is never near it). */
  private long lastSignalMs;

  /** The largest slice a child takes for steps sent {@code batchSize} hosts at a time. */
  static int maxHostsPerChild(List<StepSpec> steps) {
    int smallestBatch = steps.stream().mapToInt(StepSpec::batchSize).filter(size -> size > 0).min().orElse(1);
    return (int) Math.max(1, Math.min(MAX_HOSTS, (long) smallestBatch * MAX_BATCHES_PER_STEP));
  }

  @Override
  public PartitionOutcome run(PartitionRun run) {
    this.revision = WorkflowRevision.of();
    this.database = WorkflowRevision.database(revision);
    this.run = run;
    PartitionRun.Carry carry = run.carry() != null ? run.carry() : new PartitionRun.Carry(
        run.rollback() ? run.steps().size() - 1 : 0, StepCounts.zeros(run.steps().size()), Map.of(), List.of());
    progress = new ArrayList<>();
    for (int i = 0; i < run.steps().size(); i++) {
      StepProgress step = new StepProgress(run.steps().get(i));
      step.set(carry.counts().get(i));
      progress.add(step);
    }
    Set<String> problemHosts = new HashSet<>(carry.problemHosts());
    StepDispatcher dispatcher = new StepDispatcher(run.incidentId(), database, this::progressed, run.epoch(),
        carry.unreachableIn(), run.grantId());
    List<TargetHost> hosts = run.rollback() ? List.of() : load();
    int next = carry.nextStep();
    int direction = run.rollback() ? -1 : 1;
    for (; next >= 0 && next < run.steps().size() && !stopRequested; next += direction) {
      if (next != carry.nextStep() && Workflow.getInfo().getHistoryLength() > CONTINUE_AFTER_EVENTS) {
        Promise.allOf(pendingSignals).get();
        Workflow.continueAsNew(run.continuing(new PartitionRun.Carry(next, counts(), dispatcher.unreachableIn(),
            List.copyOf(problemHosts))));
      }
      StepSpec step = run.steps().get(next);
      if (run.rollback()) {
        undo(step, progress.get(next), dispatcher);
      } else {
        progress.get(next).expect(hosts.size());
        problemHosts.addAll(dispatcher.run(step, progress.get(next), hosts, run.maxConcurrency(), run.offlineWaitMs()));
      }
    }
    Promise.allOf(pendingSignals).get();
    boolean stopped = next >= 0 && next < run.steps().size();
    return new PartitionOutcome(counts(), problemHosts.size(), stopped);
  }

  /** Runs the inverse of {@code step} on the slice's hosts where it succeeded, newest first. */
  private void undo(StepSpec step, StepProgress progressOfStep, StepDispatcher dispatcher) {
    if (step.inverse() == null) {
      return;
    }
    List<TargetHost> done = new ArrayList<>();
    List<TargetHost> page;
    do {
      page = database.succeededHosts(run.incidentId(), step.name(), run.slice(), done.size(), PAGE);
      done.addAll(page);
    } while (page.size() == PAGE);
    if (!done.isEmpty()) {
      progressOfStep.expect(done.size());
      dispatcher.run(step.rollback(), progressOfStep, done, run.maxConcurrency());
    }
  }

  /** The slice's hosts with their current gateways, read in pages in parallel. */
  private List<TargetHost> load() {
    List<Promise<List<TargetHost>>> pages = new ArrayList<>();
    PlanSlice slice = run.slice();
    for (int from = slice.from(); from < slice.to(); from += PAGE) {
      pages.add(Async.function(database::planHosts, run.incidentId(),
          new PlanSlice(slice.partition(), from, Math.min(slice.to(), from + PAGE))));
    }
    List<TargetHost> hosts = new ArrayList<>(slice.size());
    pages.forEach(page -> hosts.addAll(page.get()));
    return hosts;
  }

  private List<StepCounts> counts() {
    return progress.stream().map(StepProgress::counts).toList();
  }

  /** After each batch: tell the parent, at most once a second. */
  private void progressed() {
    long now = Workflow.currentTimeMillis();
    if (revision == WorkflowRevision.ORIGINAL || now - lastSignalMs < PROGRESS_EVERY_MS) {
      // The original revision never sent progress (see WorkflowRevision): replay it as it ran.
      return;
    }
    lastSignalMs = now;
    ChildProgress update = new ChildProgress(run.childKey(), counts());
    pendingSignals.add(Async.procedure(() -> {
      try {
        Workflow.newUntypedExternalWorkflowStub(run.parentWorkflowId()).signal(IncidentWorkflow.PROGRESS_SIGNAL, update);
      } catch (RuntimeException e) {
        // Progress is advisory: the outcome this child returns carries the final counts.
        Workflow.getLogger(PartitionWorkflowImpl.class).warn("progress of {} not delivered: {}", run.childKey(),
            e.getMessage());
      }
    }));
  }

  @Override
  public void stop() {
    stopRequested = true;
  }
}
