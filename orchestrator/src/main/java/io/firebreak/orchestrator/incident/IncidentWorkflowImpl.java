package io.firebreak.orchestrator.incident;

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
 * OrchestratorSteps}) under the incident's grant; a playbook of such steps only has a plan
 * without hosts (touching the {@code gdap} pseudo-partition) and no waves. Never continues-as-new
 * (its run id is the incident's identity, see {@link IncidentIds}).
 */
public final class IncidentWorkflowImpl implements IncidentWorkflow {
  static final Duration APPROVAL_TIMEOUT = Duration.ofMinutes(30);
  static final long FORWARD_EPOCH = 1;
  /** Progress is written to the index at most this often (and at every state change). */
  static final long RECORD_EVERY_MS = 1_000;
  private static final Logger LOG = Workflow.getLogger(IncidentWorkflowImpl.class);

  /** Set first thing in {@link #run} (see {@link WorkflowRevision}); handlers use it only once the run began. */
  private IncidentActivities database;
  private final List<Promise<Void>> pendingWrites = new ArrayList<>();
  private long version;
  /** When the status was last written; none yet at 0 (workflow time is never near it). */
  private long lastRecordMs;
  private IncidentRequest request;
  private String incidentId;
  private IncidentState state = IncidentState.OPEN;
  private List<StepProgress> steps = List.of();
  private int targetCount;
  private List<String> unknownHosts = List.of();
  private int alertCount;
  private AccessDecision access;
  private PlanSummary plan;
  private int tier;
  private final List<io.firebreak.orchestrator.access.ApprovalDao.Decision> approvals = new ArrayList<>();
  private ApprovalDecision denial;
  private GrantRef grant;
  private GrantRevocation revocation;
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
    this.database = WorkflowRevision.database(WorkflowRevision.of());
    this.request = request;
    this.incidentId = IncidentIds.of(Workflow.getInfo().getWorkflowId(), Workflow.getInfo().getRunId());
    this.steps = request.steps().stream().map(StepProgress::new).toList();
    try {
      // Always snapshotted (digest, partitions, audit); a playbook of orchestrator-side steps has no hosts in it.
      plan = database.snapshotPlan(incidentId, request);
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

  /**
   * True when the incident may act: the policy lets it run autonomously, or enough distinct
   * approvers approved the current plan in time. Mints the grant it will dispatch under. An
   * undecided request escalates tier by tier, is denied at the end of the chain and expires (fails
   * closed) at its deadline.
   */
  private boolean approved() {
    access = database.requestAccess(new AccessRequest(incidentId, request, plan));
    if (access.required() == 0) {
      grant = database.mintGrant(grantRequest(List.of("policy")));
      return true;
    }
    state = IncidentState.AWAITING_APPROVAL;
    tier = access.tiers().get(0).tier();
    record();
    for (int level = 0; ; level++) {
      long now = Workflow.currentTimeMillis();
      long until = Math.min(access.requestExpiresAtMs(), now + access.tiers().get(level).waitMs());
      boolean decided = Workflow.await(Duration.ofMillis(Math.max(0, until - now)),
          () -> approvals.size() >= access.required() || denial != null || cancel != null);
      if (decided) {
        break;
      }
      if (Workflow.currentTimeMillis() >= access.requestExpiresAtMs()) {
        state = IncidentState.EXPIRED;
        decisionReason = "no decision before the request expired; nothing was done";
        recordApproval("expired", "expired");
        return false;
      }
      if (level + 1 >= access.tiers().size()) {
        state = IncidentState.DENIED;
        decisionReason = "nobody decided at any escalation tier (last: tier " + tier + "); nothing was done";
        recordApproval("denied", "escalation-exhausted");
        return false;
      }
      tier = access.tiers().get(level + 1).tier();
      LOG.info("Incident {}: no decision, escalated to tier {}", incidentId, tier);
      recordApproval("pending", "escalated");
      recordProgress();
    }
    if (denial != null) {
      state = IncidentState.DENIED;
      decisionReason = denial.reason();
      recordApproval("denied", "denied");
      return false;
    }
    if (approvals.size() < access.required()) {
      state = IncidentState.DENIED;
      decisionReason = cancelled() + " before a decision; nothing was done";
      recordApproval("denied", "cancelled");
      return false;
    }
    recordApproval("approved", "approved");
    grant = database.mintGrant(grantRequest(approvals.stream().map(d -> d.by()).toList()));
    return true;
  }

  private GrantRequest grantRequest(List<String> mintedBy) {
    return new GrantRequest(incidentId, access.approvalId(), access.partitions(), access.actions(), plan.total(),
        mintedBy, access.grantTtlMs());
  }

  private void recordApproval(String approvalState, String event) {
    pendingWrites.add(Async.procedure(database::recordApproval, new ApprovalUpdate(access.approvalId(), incidentId,
        approvalState, tier, approvals, decisionReason, event)));
  }

  /**
   * Runs the steps in order: each run of host steps through the waves (a wave's slices run every
   * step of the run before the next wave), each orchestrator-side step here, once. Stops and rolls
   * back when the error budget is exceeded or a responder cancels (a running orchestrator-side step
   * is let finish: it is irreversible and its evidence must be kept); stops without rollback when
   * the grant ended or was revoked ({@code stopped}) or an orchestrator-side step cannot act
   * ({@code failed}). Returns the state the incident ends in.
   */
  private IncidentState runSteps(PlanSummary plan) {
    List<StepSpec> hostSteps = request.steps().stream().filter(step -> !step.inOrchestrator()).toList();
    int childHosts = PartitionWorkflowImpl.maxHostsPerChild(hostSteps);
    int hostRuns = 0;
    for (StepRun run : StepRun.of(request.steps())) {
      if (run.inOrchestrator() && abortReason == null) {
        abortReason = cancelled() != null ? cancelled() : grantEnded();
      }
      if (abortReason != null || error != null) {
        break;
      }
      if (run.inOrchestrator()) {
        StepProgress step = steps.get(run.from());
        step.start();
        recordProgress();
        error = new OrchestratorSteps(incidentId, database).run(step, request.tenants(),
            grant == null ? null : grant.grantId(), grantRefusal(step.spec().action()));
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
    if (grantEnded() != null) {
      // Out of its grant, the incident may not act at all: what was done stays, for a responder to undo.
      abortReason = abortReason + "; nothing rolled back";
      return IncidentState.STOPPED;
    }
    rollback = new Rollback(incidentId, request.steps(), steps.stream().map(StepProgress::counts).toList(),
        grant.grantId(), this::throttledRecord);
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
    forward = new PartitionFanOut(incidentId, request.steps().subList(run.from(), run.to()), grant.grantId(),
        this::forwardProgressed);
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
      if (grantEnded() != null) {
        abortReason = grantEnded();
        break;
      }
      int to = from + waves.get(wave);
      PartitionFanOut.Outcome outcome = forward.run(phase + (wave + 1), PlanSlice.cut(plan.partitions(), from, to,
          childHosts), FORWARD_EPOCH, false, rollout.maxConcurrency(), rollout.offlineWaitMs());
      abortReason = cancelled() != null ? cancelled() : grantEnded() != null ? grantEnded()
          : budget.afterWave(wave + 1, to - from, outcome.problemHosts());
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

  /**
   * Why the incident's grant does not allow an orchestrator-side step of {@code action} now (none,
   * revoked, ended, or its scope lacks the action or the {@link
   * io.firebreak.orchestrator.gdap.GdapActivities#PARTITION} pseudo-partition), or null.
   */
  private String grantRefusal(String action) {
    if (grant == null) {
      return "the incident holds no grant";
    }
    if (grantEnded() != null) {
      return grantEnded();
    }
    if (!access.actions().contains(action)) {
      return "grant " + grant.grantId() + " does not cover action " + action;
    }
    if (!access.partitions().contains(io.firebreak.orchestrator.gdap.GdapActivities.PARTITION)) {
      return "grant " + grant.grantId() + " does not cover partition "
          + io.firebreak.orchestrator.gdap.GdapActivities.PARTITION;
    }
    return null;
  }

  /** Why the grant no longer allows dispatch (revoked, or past its end), or null. */
  private String grantEnded() {
    if (revocation != null) {
      return "grant " + revocation.grantId() + " revoked by " + revocation.revokedBy() + ": " + revocation.reason();
    }
    if (grant != null && Workflow.currentTimeMillis() >= grant.notAfterMs()) {
      return "grant " + grant.grantId() + " ended before the rollout did";
    }
    return null;
  }

  @Override
  public void grantRevoked(GrantRevocation revoked) {
    if (revocation == null && grant != null && grant.grantId().equals(revoked.grantId())) {
      revocation = revoked;
      if (forward != null && rollback == null) {
        forward.stopAll();
      }
    }
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
        decidedBy(), decisionReason, error, abortReason, version);
  }

  private String decidedBy() {
    if (denial != null) {
      return denial.decidedBy();
    }
    return approvals.isEmpty() ? null : String.join(", ", approvals.stream().map(d -> d.by()).toList());
  }

  @Override
  public void validateDecide(ApprovalDecision proposed) {
    if (state != IncidentState.AWAITING_APPROVAL) {
      throw new IllegalStateException("incident " + incidentId + " is " + state.wireName() + ", not awaiting approval");
    }
    String decider = proposed.decidedBy();
    if (decider == null || decider.isBlank()) {
      throw new IllegalArgumentException("a decision must name who decides");
    }
    if (decider.equals(request.requestedBy())) {
      throw new IllegalArgumentException("the requester cannot approve their own request");
    }
    if (approvals.stream().anyMatch(earlier -> earlier.by().equals(decider))) {
      throw new IllegalArgumentException(decider + " already approved; the next approval must come from someone else");
    }
    if (!plan.digest().equals(proposed.planDigest())) {
      throw new IllegalArgumentException("the decision names plan " + proposed.planDigest()
          + " but the current plan is " + plan.digest() + "; review the current plan");
    }
    if (Workflow.currentTimeMillis() >= access.requestExpiresAtMs()) {
      throw new IllegalStateException("the approval request expired");
    }
    if (proposed.tier() > tier) {
      throw new IllegalArgumentException("tier " + proposed.tier() + " approvers may decide once the request"
          + " escalates to their tier; it is at tier " + tier);
    }
    if (!proposed.partitions().contains("*") && !proposed.partitions().containsAll(access.partitions())) {
      throw new IllegalArgumentException("the plan touches partitions " + access.partitions()
          + " outside your scope " + proposed.partitions());
    }
  }

  @Override
  public IncidentState decide(ApprovalDecision proposed) {
    if (!proposed.approve()) {
      denial = proposed;
      decisionReason = proposed.reason();
      return IncidentState.DENIED;
    }
    approvals.add(new io.firebreak.orchestrator.access.ApprovalDao.Decision(proposed.decidedBy(), true,
        proposed.reason(), Workflow.currentTimeMillis()));
    decisionReason = proposed.reason();
    if (approvals.size() >= access.required()) {
      return IncidentState.RUNNING;
    }
    recordApproval("pending", "decided");
    return IncidentState.AWAITING_APPROVAL;
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
