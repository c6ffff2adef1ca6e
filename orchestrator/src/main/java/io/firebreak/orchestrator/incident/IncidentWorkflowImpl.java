package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.TargetHost;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * Resolves targets, waits for approval when asked, then runs each step through {@link
 * StepDispatcher}. History is O(batches): per-host data stays in the activities and the database.
 * Never continues-as-new (its run id is the incident's identity, see {@link IncidentIds}).
 */
public final class IncidentWorkflowImpl implements IncidentWorkflow {
  static final Duration APPROVAL_TIMEOUT = Duration.ofMinutes(30);
  static final long FORWARD_EPOCH = 1;
  private static final Logger LOG = Workflow.getLogger(IncidentWorkflowImpl.class);

  private final IncidentActivities database = Workflow.newActivityStub(IncidentActivities.class,
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setRetryOptions(RetryOptions.newBuilder()
              .setInitialInterval(Duration.ofMillis(200))
              .setMaximumInterval(Duration.ofSeconds(5))
              .setMaximumAttempts(30)
              .build())
          .build());
  private final List<Promise<Void>> pendingWrites = new ArrayList<>();
  private long version;
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
  private final List<StepProgress> rollbackSteps = new ArrayList<>();

  @Override
  public IncidentStatus run(IncidentRequest request) {
    this.request = request;
    this.incidentId = IncidentIds.of(Workflow.getInfo().getWorkflowId(), Workflow.getInfo().getRunId());
    this.steps = request.steps().stream().map(StepProgress::new).toList();
    try {
      ResolvedTargets targets = database.resolveTargets(request.targets());
      targetCount = targets.hosts().size();
      unknownHosts = targets.unknownHosts();
      steps.forEach(step -> step.expect(targetCount));
      if (targets.hosts().isEmpty()) {
        state = IncidentState.NO_TARGETS;
      } else if (approved()) {
        state = IncidentState.RUNNING;
        recordProgress();
        if (runSteps(targets.hosts())) {
          boolean clean = steps.stream().allMatch(StepProgress::allSucceeded);
          state = clean ? IncidentState.COMPLETED : IncidentState.COMPLETED_WITH_ERRORS;
        } else {
          state = IncidentState.ROLLED_BACK;
        }
      }
    } catch (CanceledFailure e) {
      throw e;
    } catch (ActivityFailure e) {
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
   * Waves outermost: every step runs on a wave's hosts before the next wave. Stops early, and rolls
   * back, when the error budget is exceeded or a responder cancels. Returns false when it stopped.
   */
  private boolean runSteps(List<TargetHost> hosts) {
    RolloutSpec rollout = request.rollout();
    StepDispatcher dispatcher = new StepDispatcher(incidentId, database, this::recordProgress, FORWARD_EPOCH);
    ErrorBudget budget = new ErrorBudget(rollout, hosts.size());
    int from = 0;
    List<Integer> waves = rollout.waveSizes(hosts.size());
    for (int wave = 0; wave < waves.size() && abortReason == null; wave++) {
      if (wave > 0 && rollout.pauseMs() > 0) {
        Workflow.await(Duration.ofMillis(rollout.pauseMs()), () -> cancel != null);
      }
      List<TargetHost> waveHosts = hosts.subList(from, from + waves.get(wave));
      from += waveHosts.size();
      java.util.Set<String> problems = new java.util.HashSet<>();
      for (int i = 0; i < steps.size() && cancelled() == null; i++) {
        problems.addAll(dispatcher.run(request.steps().get(i), steps.get(i), waveHosts, rollout.maxConcurrency(),
            rollout.offlineWaitMs()));
      }
      abortReason = cancelled() != null ? cancelled() : budget.afterWave(wave + 1, waveHosts.size(), problems);
    }
    if (abortReason == null) {
      steps.forEach(StepProgress::finish);
      return true;
    }
    LOG.info("Incident {} stopped: {}", incidentId, abortReason);
    steps.forEach(StepProgress::abort);
    String notUndone = new Rollback(incidentId, database, this::recordProgress)
        .run(request.steps(), dispatcher, hosts, rollout.maxConcurrency(), rollbackSteps);
    if (notUndone != null) {
      abortReason = abortReason + "; irreversible, not undone: " + notUndone;
    }
    return false;
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
    if (cancel == null) {
      cancel = request;
    }
  }

  @Override
  public IncidentStatus status() {
    return new IncidentStatus(incidentId, request == null ? null : request.playbook(), state, targetCount,
        unknownHosts, java.util.stream.Stream.concat(steps.stream(), rollbackSteps.stream())
            .map(StepProgress::status).toList(), alertCount,
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

  /** Writes the status without waiting (progress); versions keep the newest in the index. */
  private void recordProgress() {
    version++;
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
