package io.firebreak.orchestrator.incident;

import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** See {@link IncidentRollbackWorkflow}. */
public final class IncidentRollbackWorkflowImpl implements IncidentRollbackWorkflow {
  private IncidentActivities database;
  private IncidentStatus ended;
  private IncidentState state = IncidentState.ROLLING_BACK;
  private String reason;
  private Rollback rollback;
  private long version;
  /** When the status was last written; none yet at 0 (workflow time is never near it). */
  private long lastRecordMs;

  @Override
  public IncidentStatus run(RollbackRequest request) {
    database = WorkflowRevision.database(WorkflowRevision.of());
    ended = request.ended();
    version = ended.version();
    reason = "rolled back by " + request.requestedBy() + ": " + request.reason();
    List<StepCounts> forward = new ArrayList<>();
    for (int i = 0; i < request.steps().size(); i++) {
      StepStatus step = ended.steps().get(i);
      forward.add(new StepCounts(step.succeeded(), step.failed(), step.rejected(), step.rolledBack(),
          step.unreachable(), step.skipped()));
    }
    rollback = new Rollback(ended.incidentId(), request.steps(), forward, request.grantId(), this::throttledRecord);
    record();
    PlanSummary plan = database.planSummary(ended.incidentId());
    String notUndone = rollback.run("undo", PlanSlice.cut(plan.partitions(), 0, plan.total(),
        PartitionWorkflowImpl.maxHostsPerChild(request.steps())), request.maxConcurrency());
    if (notUndone != null) {
      reason = reason + "; irreversible, not undone: " + notUndone;
    }
    state = IncidentState.ROLLED_BACK;
    record();
    return status();
  }

  @Override
  public void progress(ChildProgress progress) {
    if (rollback != null) {
      rollback.fanOut().progress(progress);
    }
  }

  @Override
  public IncidentStatus status() {
    if (ended == null) {
      return null;
    }
    List<StepStatus> steps = Stream.concat(ended.steps().stream(),
        rollback == null ? Stream.empty() : rollback.steps().stream().map(StepProgress::status)).toList();
    return new IncidentStatus(ended.incidentId(), ended.playbook(), state, ended.targetCount(), ended.unknownHosts(),
        steps, ended.alertCount(), ended.decidedBy(), ended.decisionReason(), ended.error(), reason, version);
  }

  private void throttledRecord() {
    if (Workflow.currentTimeMillis() - lastRecordMs >= IncidentWorkflowImpl.RECORD_EVERY_MS) {
      record();
    }
  }

  private void record() {
    version++;
    lastRecordMs = Workflow.currentTimeMillis();
    database.recordStatus(status());
  }
}
