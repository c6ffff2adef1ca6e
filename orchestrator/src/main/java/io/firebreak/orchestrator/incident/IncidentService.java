package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.TaskQueues;
import io.firebreak.orchestrator.playbook.Playbook;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import java.time.Clock;
import java.util.UUID;

/**
 * Starts incident workflows. An alert-triggered incident is keyed by playbook and entity and
 * started with signal-with-start, so a repeated alert for the same entity joins the running
 * incident; a responder's run always starts a new incident. Thread-safe.
 */
public final class IncidentService {
  private final WorkflowClient client;
  private final IncidentDao incidents;
  private final Clock clock;
  private final io.firebreak.orchestrator.access.GrantDao grants;

  public IncidentService(WorkflowClient client, IncidentDao incidents, io.firebreak.orchestrator.access.GrantDao grants,
      Clock clock) {
    this.client = client;
    this.incidents = incidents;
    this.grants = grants;
    this.clock = clock;
  }

  /** The incident an alert opened or joined. */
  public record Started(String incidentId, String playbook, boolean joined) {}

  /** Opens (or joins) the incident of {@code playbook} for the entity {@code alert} is about. */
  public Started startForAlert(Playbook playbook, AlertRef alert) {
    String key = playbook.name() + "/" + entity(playbook, alert);
    String workflowId = "incident/" + key;
    IncidentRequest request = playbook.toRequest(
        key, playbook.targets().bind(alert), "alert:" + alert.alertId(),
        "alert " + alert.type() + " (" + alert.severity() + ") from " + alert.source(), alert);
    IncidentWorkflow workflow = client.newWorkflowStub(IncidentWorkflow.class, options(workflowId));
    BatchRequest batch = client.newSignalWithStartRequest();
    batch.add(workflow::run, request);
    batch.add(workflow::alert, alert);
    WorkflowExecution execution = client.signalWithStart(batch);
    String incidentId = IncidentIds.of(workflowId, execution.getRunId());
    boolean joined = incidents.claimKey(record(incidentId, request, workflowId, execution, alert.alertId()));
    incidents.recordRequest(incidentId, request);
    return new Started(incidentId, playbook.name(), joined);
  }

  /** Starts a new incident for a responder's run of {@code playbook} on {@code targets}. */
  public Started startRun(Playbook playbook, TargetSpec targets, String requestedBy, String justification) {
    return startRun(playbook, targets, playbook.tenants() == null ? null : playbook.tenants().bind(null), requestedBy,
        justification, null);
  }

  /**
   * Starts a new incident for a responder's run of {@code playbook} on {@code targets} (hosts) and
   * {@code tenants} (null when the playbook has no orchestrator-side step), with an optional
   * {@code ticket} reference shown to approvers.
   */
  public Started startRun(Playbook playbook, TargetSpec targets, TenantSpec tenants, String requestedBy,
      String justification, String ticket) {
    String key = playbook.name() + "/run-" + UUID.randomUUID();
    String workflowId = "incident/" + key;
    IncidentRequest request = playbook.toRequest(key, targets, tenants, requestedBy, justification, null)
        .withTicket(ticket);
    IncidentWorkflow workflow = client.newWorkflowStub(IncidentWorkflow.class, options(workflowId));
    WorkflowExecution execution = WorkflowClient.start(workflow::run, request);
    String incidentId = IncidentIds.of(workflowId, execution.getRunId());
    incidents.open(record(incidentId, request, workflowId, execution, null));
    incidents.recordRequest(incidentId, request);
    return new Started(incidentId, playbook.name(), false);
  }

  /**
   * Rolls back what an incident did. A running incident is cancelled (it stops and rolls back); an
   * ended one that did something gets a rollback workflow.
   *
   * @return "cancelling" or "rolling_back"
   * @throws IllegalStateException when there is nothing to roll back (the message says why)
   */
  public String rollback(IncidentRecord incident, String requestedBy, String reason) {
    IncidentState state = IncidentState.valueOf(incident.state().toUpperCase(java.util.Locale.ROOT));
    if (!state.isTerminal() && state != IncidentState.ROLLING_BACK) {
      workflow(incident).cancel(new CancelRequest(requestedBy, reason));
      return "cancelling";
    }
    if (state != IncidentState.COMPLETED && state != IncidentState.COMPLETED_WITH_ERRORS) {
      throw new IllegalStateException("incident " + incident.incidentId() + " is " + incident.state()
          + ": only a running, completed or completed_with_errors incident can be rolled back");
    }
    IncidentRequest request = incidents.request(incident.incidentId()).orElseThrow(() -> new IllegalStateException(
        "incident " + incident.incidentId() + " has no recorded steps (started by an older version)"));
    IncidentRollbackWorkflow rollback = client.newWorkflowStub(IncidentRollbackWorkflow.class,
        WorkflowOptions.newBuilder()
            .setTaskQueue(TaskQueues.INCIDENTS)
            .setWorkflowId(IncidentRollbackWorkflow.workflowId(incident.incidentId()))
            .setWorkflowIdReusePolicy(
                io.temporal.api.enums.v1.WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
            .build());
    try {
      String grantId = grants.forIncident(incident.incidentId()).stream()
          .map(io.firebreak.orchestrator.access.GrantDao.Grant::grantId).reduce((first, last) -> last).orElse("");
      WorkflowClient.start(rollback::run, new RollbackRequest(incident.status(), request.steps(),
          request.rollout().maxConcurrency(), requestedBy, reason, grantId));
    } catch (io.temporal.client.WorkflowExecutionAlreadyStarted e) {
      throw new IllegalStateException("incident " + incident.incidentId() + " is already being rolled back");
    }
    return IncidentState.ROLLING_BACK.wireName();
  }

  /** Tells the incident its grant was revoked (dispatch stops); false when it no longer runs. */
  public boolean grantRevoked(IncidentRecord incident, GrantRevocation revocation) {
    try {
      workflow(incident).grantRevoked(revocation);
      return true;
    } catch (io.temporal.client.WorkflowNotFoundException e) {
      return false;
    }
  }

  /** A stub bound to the incident's own run. */
  public IncidentWorkflow workflow(IncidentRecord incident) {
    return client.newWorkflowStub(IncidentWorkflow.class, incident.workflowId(),
        java.util.Optional.of(incident.runId()));
  }

  private static WorkflowOptions options(String workflowId) {
    return WorkflowOptions.newBuilder()
        .setTaskQueue(TaskQueues.INCIDENTS)
        .setWorkflowId(workflowId)
        .build();
  }

  private IncidentRecord record(String incidentId, IncidentRequest request, String workflowId,
      WorkflowExecution execution, String alertId) {
    java.time.Instant now = clock.instant();
    return new IncidentRecord(incidentId, request.incidentKey(), workflowId, execution.getRunId(),
        request.playbook(), request.mode(), IncidentState.OPEN.wireName(), request.requestedBy(),
        request.justification(), alertId, 0, 1, null, null, now, now);
  }

  /**
   * What the incident is about, as far as deduplication goes: the alerting host for a playbook that
   * acts on it, the alerting partition for one that acts on a partition, the alert's partner for
   * one that acts on the customers the alert names, otherwise the playbook's fixed targets (every
   * repeat of such an alert joins the running incident).
   */
  private static String entity(Playbook playbook, AlertRef alert) {
    if (playbook.targets().alertHost() && alert.host() != null) {
      return "host:" + alert.host();
    }
    if (playbook.targets().alertPartition() && alert.partition() != null) {
      return "partition:" + alert.partition();
    }
    if (playbook.tenants() != null && playbook.tenants().fromAlert() && alert.partnerTenantId() != null) {
      return "partner:" + alert.partnerTenantId();
    }
    return "targets";
  }
}
