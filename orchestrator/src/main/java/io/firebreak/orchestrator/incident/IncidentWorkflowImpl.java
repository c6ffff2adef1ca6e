package io.firebreak.orchestrator.incident;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;

/**
 * Snapshots the plan (into the database), waits for approval when asked, then runs the steps in
 * order. Steps that run on hosts go through the waves: each wave's hosts, cut by partition into
 * slices of at most {@link PartitionWorkflowImpl#maxHostsPerChild} hosts, go to {@link
 * PartitionWorkflow} children that dispatch every step of the run. Only counts come back, so this
 * history is O(waves × partitions) whatever the number of hosts. A step that runs in the
 * orchestrator ({@code revoke-gdap}) runs here, once, at its position (see {@link
 * OrchestratorSteps}); a playbook of such steps only has no plan snapshot and no waves. Never
 * continues-as-new (its run id is the incident's identity, see {@link IncidentIds}).
 */
public final class IncidentWorkflowImpl implements IncidentWorkflow {
  static final Duration APPROVAL_TIMEOUT = Duration.ofMinutes(30);
  static final long FORWARD_EPOCH = 1;
  /** Progress is written to the index at most this often (and at every state change). */
  static final long RECORD_EVERY_MS = 1_000;
  static final ActivityOptions DATABASE_OPTIONS = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofSeconds(30))
      .setRetryOptions(RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofMillis(200))
          .setMaximumInterval(Duration.ofSeconds(5))
          .setMaximumAttempts(30)
          .build())
      .build();
  private static final Logger LOG = Workflow.getLogger(IncidentWorkflowImpl.class);
  private static final PlanSummary NO_HOSTS = new PlanSummary(0, List.of(), List.of(), 0);

  private final IncidentActivities database = Workflow.newActivityStub(IncidentActivities.class, DATABASE_OPTIONS);
  private final List<Promise<Void>> pendingWrites = new ArrayList<>();
  private long version;
  private long lastRecordMs = Long.MIN_VALUE;
  private IncidentRequest request;
  private String incidentId;
  private IncidentState state = IncidentState.OPEN;
  private List<StepProgress> steps = List.of();
  private int targetCount;
  private List<String> unknownHosts = List.of();
  private int alertCount;
  private ApprovalDecision decision;
  private String decisionReason;
  private String error;
  private String abortReason;
  private CancelRequest cancel;
  private PartitionFanOut forward;
  /** Index of the first step of the run {@link #forward} executes. */
  private int forwardFrom;
  /** Hosts (plan ordinals from 0) that some wave has reached: the range a rollback covers. */
  private int coveredHosts;
  private Rollback rollback;

  @Override
  public IncidentStatus run(IncidentRequest request) {
    this.request = request;
    this.incidentId = IncidentIds.of(Workflow.getInfo().getWorkflowId(), Workflow.getInfo().getRunId());
    this.steps = request.steps().stream().map(StepProgress::new).toList();
    try {
      // Only steps on hosts need the plan snapshot; a playbook of orchestrator-side steps has none.
      PlanSummary plan = request.hasHostSteps() ? database.snapshotPlan(incidentId, request.targets()) : NO_HOSTS;
      targetCount = plan.total();
      unknownHosts = plan.unknownHosts();
      steps.stream().filter(step -> !step.spec().inOrchestrator()).forEach(step -> step.expect(targetCount));
      if (plan.total() == 0 && !request.hasTenantWork()) {
        state = IncidentState.NO_TARGETS;
      } else if (approved()) {
        state = IncidentState.RUNNING;
        recordProgress();
        state = runSteps(plan);
      }
    } catch (CanceledFailure e) {
      throw e;
    } catch (ActivityFailure | ChildWorkflowFailure e) {
      state = IncidentState.FAILED;
      error = "could not proceed: " + rootMessage(e);
      LOG.warn("Incident {} failed: {}", incidentId, error);
    }
    Promise.allOf(pendingWrites).get();
    record();
    return status();
  }

  /** True when the incident may act: autonomous, or approved in time. */
  private boolean approved() {
    if (!request.needsApproval()) {
      return true;
    }
    state = IncidentState.AWAITING_APPROVAL;
    record();
    if (!Workflow.await(APPROVAL_TIMEOUT, () -> decision != null || cancel != null)) {
      state = IncidentState.EXPIRED;
      decisionReason = "no decision within " + APPROVAL_TIMEOUT.toMinutes() + " minutes; nothing was done";
      return false;
    }
    if (decision == null) {
      state = IncidentState.DENIED;
      decisionReason = cancelled() + " before a decision; nothing was done";
      return false;
    }
    if (!decision.approve()) {
      state = IncidentState.DENIED;
      return false;
    }
    return true;
  }

  /**
   * Runs the steps in order: each run of host steps through the waves (a wave's slices run every
   * step of the run before the next wave), each orchestrator-side step here, once. Stops and rolls
   * back when the error budget is exceeded or a responder cancels (a running orchestrator-side step
   * is let finish: it is irreversible and its evidence must be kept); stops without rollback when
   * an orchestrator-side step cannot act. Returns the state the incident ends in.
   */
  private IncidentState runSteps(PlanSummary plan) {
    List<StepSpec> hostSteps = request.steps().stream().filter(step -> !step.inOrchestrator()).toList();
    int childHosts = PartitionWorkflowImpl.maxHostsPerChild(hostSteps);
    int hostRuns = 0;
    for (StepRun run : StepRun.of(request.steps())) {
      if (run.inOrchestrator() && abortReason == null) {
        abortReason = cancelled();
      }
      if (abortReason != null || error != null) {
        break;
      }
      if (run.inOrchestrator()) {
        StepProgress step = steps.get(run.from());
        step.start();
        recordProgress();
        error = new OrchestratorSteps(incidentId, database).run(step, request.tenants());
        recordProgress();
      } else if (plan.total() > 0) {
        // The first run keeps the child ids "w<n>/..." that incidents of host steps have always had.
        runWaves(plan, run, hostRuns++ == 0 ? "w" : "s" + (run.from() + 1) + "w", childHosts);
      }
    }
    if (error != null) {
      steps.forEach(StepProgress::abort);
      return IncidentState.FAILED;
    }
    if (abortReason == null) {
      steps.forEach(StepProgress::finish);
      boolean clean = steps.stream().allMatch(StepProgress::allSucceeded);
      return clean ? IncidentState.COMPLETED : IncidentState.COMPLETED_WITH_ERRORS;
    }
    LOG.info("Incident {} stopped: {}", incidentId, abortReason);
    steps.forEach(StepProgress::abort);
    rollback = new Rollback(incidentId, request.steps(), steps.stream().map(StepProgress::counts).toList(),
        this::throttledRecord);
    String notUndone = rollback.run("rollback", PlanSlice.cut(plan.partitions(), 0, coveredHosts, childHosts),
        request.rollout().maxConcurrency());
    if (notUndone != null) {
      abortReason = abortReason + "; irreversible, not undone: " + notUndone;
    }
    return IncidentState.ROLLED_BACK;
  }

  /** The waves of one run of host steps; sets {@link #abortReason} when it must stop. */
  private void runWaves(PlanSummary plan, StepRun run, String phase, int childHosts) {
    RolloutSpec rollout = request.rollout();
    ErrorBudget budget = new ErrorBudget(rollout, plan.total());
    forwardFrom = run.from();
    forward = new PartitionFanOut(incidentId, request.steps().subList(run.from(), run.to()), this::forwardProgressed);
    steps.subList(run.from(), run.to()).forEach(StepProgress::start);
    int from = 0;
    List<Integer> waves = rollout.waveSizes(plan.total());
    for (int wave = 0; wave < waves.size() && abortReason == null; wave++) {
      if (wave > 0 && rollout.pauseMs() > 0) {
        Workflow.await(Duration.ofMillis(rollout.pauseMs()), () -> cancel != null);
      }
      if (cancelled() != null) {
        abortReason = cancelled();
        break;
      }
      int to = from + waves.get(wave);
      PartitionFanOut.Outcome outcome = forward.run(phase + (wave + 1), PlanSlice.cut(plan.partitions(), from, to,
          childHosts), FORWARD_EPOCH, false, rollout.maxConcurrency(), rollout.offlineWaitMs());
      abortReason = cancelled() != null ? cancelled() : budget.afterWave(wave + 1, to - from, outcome.problemHosts());
      from = to;
      coveredHosts = Math.max(coveredHosts, from);
      forwardProgressed();
      recordProgress();
    }
  }

  private void forwardProgressed() {
    List<StepCounts> counts = forward.counts();
    for (int i = 0; i < counts.size(); i++) {
      steps.get(forwardFrom + i).set(counts.get(i));
    }
    throttledRecord();
  }

  private String cancelled() {
    return cancel == null ? null : "cancelled by " + cancel.requestedBy() + ": " + cancel.reason();
  }

  @Override
  public void alert(AlertRef alert) {
    alertCount++;
    if (incidentId != null) {
      pendingWrites.add(Async.procedure(database::recordAlert, incidentId, alert));
    }
  }

  @Override
  public void cancel(CancelRequest request) {
    if (cancel != null) {
      return;
    }
    cancel = request;
    if (forward != null && rollback == null) {
      forward.stopAll();
    }
  }

  @Override
  public void progress(ChildProgress progress) {
    if (rollback != null) {
      rollback.fanOut().progress(progress);
    } else if (forward != null) {
      forward.progress(progress);
    }
  }

  @Override
  public IncidentStatus status() {
    Stream<StepProgress> undo = rollback == null ? Stream.empty() : rollback.steps().stream();
    return new IncidentStatus(incidentId, request == null ? null : request.playbook(), state, targetCount,
        unknownHosts, Stream.concat(steps.stream(), undo).map(StepProgress::status).toList(), alertCount,
        decision == null ? null : decision.decidedBy(), decisionReason, error, abortReason, version);
  }

  @Override
  public void validateDecide(ApprovalDecision proposed) {
    if (state != IncidentState.AWAITING_APPROVAL) {
      throw new IllegalStateException("incident " + incidentId + " is " + state.wireName() + ", not awaiting approval");
    }
    if (proposed.decidedBy() == null || proposed.decidedBy().isBlank()) {
      throw new IllegalArgumentException("a decision must name who decides");
    }
    if (proposed.decidedBy().equals(request.requestedBy())) {
      throw new IllegalArgumentException("the requester cannot approve their own request");
    }
  }

  @Override
  public IncidentState decide(ApprovalDecision proposed) {
    decision = proposed;
    decisionReason = proposed.reason();
    return proposed.approve() ? IncidentState.RUNNING : IncidentState.DENIED;
  }

  /** Progress write, unless one went out less than {@link #RECORD_EVERY_MS} ago. */
  private void throttledRecord() {
    if (Workflow.currentTimeMillis() - lastRecordMs >= RECORD_EVERY_MS) {
      recordProgress();
    }
  }

  /** Writes the status without waiting (progress); versions keep the newest in the index. */
  private void recordProgress() {
    version++;
    lastRecordMs = Workflow.currentTimeMillis();
    pendingWrites.add(Async.procedure(database::recordStatus, status()));
  }

  /** Writes the status and waits (state changes a reader must see before we go on). */
  private void record() {
    version++;
    try {
      database.recordStatus(status());
    } catch (ActivityFailure e) {
      // The index lags; the workflow (queryable) stays the source of truth. Keep going.
      LOG.warn("Could not record the status of {}: {}", incidentId, rootMessage(e));
    }
  }

  static String rootMessage(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause.getMessage();
  }
}
