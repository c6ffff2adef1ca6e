package io.firebreak.orchestrator.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.orchestrator.gateway.DispatchRequest;
import io.firebreak.orchestrator.gateway.TaskQueues;
import io.firebreak.orchestrator.gdap.GdapActivities;
import io.firebreak.orchestrator.gdap.GdapNotConfigured;
import io.firebreak.orchestrator.gdap.GdapRevocationRequest;
import io.firebreak.orchestrator.gdap.RelationshipOutcome;
import io.firebreak.orchestrator.gdap.RelationshipOutcome.Outcome;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Incidents with steps that run in the orchestrator ({@code revoke-gdap}) rather than on hosts:
 * the real incident workflow on Temporal's test environment, GDAP faked at its activity interface.
 */
class OrchestratorStepWorkflowTest {
  static final String C1 = "aaaaaaaa-0000-0000-0000-000000000001";
  static final String C2 = "aaaaaaaa-0000-0000-0000-000000000002";
  static final StepSpec REVOKE = new StepSpec("revoke", "revoke-gdap", Map.of(), 0, 0, null, true, true);
  static final TargetSpec NO_HOSTS = new TargetSpec(List.of(), List.of(), null, List.of());

  TestWorkflowEnvironment env;
  FakeIncidentActivities database;
  FakeDispatch gateway = new FakeDispatch();
  FakeGdap gdap = new FakeGdap();

  @AfterEach
  void tearDown() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void orchestratorOnlyIncident_afterApprovalRevokesOnceAndRecordsEachRelationship() {
    start(gdap);
    IncidentWorkflow incident = newIncident("gdap-1");
    WorkflowClient.start(incident::run, request(IncidentRequest.MODE_APPROVAL, TenantSpec.customers(List.of(C1, C2),
        FakeGdap.PARTNER), REVOKE));
    awaitState(incident, IncidentState.AWAITING_APPROVAL);
    assertThat(gdap.requests).as("nothing is revoked before the approval").isEmpty();

    assertThatThrownBy(() -> incident.decide(approval("eve", List.of("eu"))))
        .as("the plan touches the gdap pseudo-partition").rootCause().hasMessageContaining("the plan touches partitions [gdap]"
            + " outside your scope [eu]");
    incident.decide(approval("bob", List.of(GdapActivities.PARTITION)));
    IncidentStatus status = WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class);

    assertThat(status.state()).isEqualTo(IncidentState.COMPLETED);
    assertThat(status.targetCount()).as("no hosts").isZero();
    assertThat(status.steps()).singleElement().satisfies(step -> {
      assertThat(step.state()).isEqualTo("done");
      assertThat(step.total()).isEqualTo(2);
      assertThat(step.succeeded()).isEqualTo(2);
      assertThat(step.failed()).isZero();
      assertThat(step.pending()).isZero();
      assertThat(step.detail()).isEqualTo("partner " + FakeGdap.PARTNER + ", 2 named customers: 2 terminated");
    });
    String grantId = "grt-" + status.incidentId();
    assertThat(gdap.requests).singleElement().isEqualTo(
        new GdapRevocationRequest(status.incidentId(), "revoke", List.of(C1, C2), FakeGdap.PARTNER, grantId));
    assertThat(database.grants).singleElement().satisfies(grant -> {
      assertThat(grant.partitions()).containsExactly(GdapActivities.PARTITION);
      assertThat(grant.actions()).containsExactly("revoke-gdap");
      assertThat(grant.mintedBy()).containsExactly("bob");
    });
    assertThat(database.snapshots).as("a plan snapshot (digest, audit) without hosts").hasSize(1);
    assertThat(status.targetCount()).isZero();
    assertThat(gateway.requests).isEmpty();
    assertThat(database.tenantResults).singleElement().satisfies(results -> {
      assertThat(results.grantId()).isEqualTo(grantId);
      assertThat(results.incidentId()).isEqualTo(status.incidentId());
      assertThat(results.step()).isEqualTo("revoke");
      assertThat(results.action()).isEqualTo("revoke-gdap");
      assertThat(results.result().outcomes()).extracting(RelationshipOutcome::customerTenantId).containsExactly(C1, C2);
    });
    assertThat(database.statuses).extracting(IncidentStatus::state)
        .contains(IncidentState.AWAITING_APPROVAL, IncidentState.RUNNING).last().isEqualTo(IncidentState.COMPLETED);
  }

  @Test
  void completedRevocation_rolledBackByAResponder_isNamedIrreversibleAndNothingIsCalledAgain() {
    start(gdap);
    IncidentRequest request = request(IncidentRequest.MODE_AUTONOMOUS, TenantSpec.customers(List.of(C1), null), REVOKE);
    IncidentStatus ended = newIncident("gdap-2").run(request);
    assertThat(ended.state()).isEqualTo(IncidentState.COMPLETED);

    IncidentRollbackWorkflow rollback = env.getWorkflowClient().newWorkflowStub(IncidentRollbackWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.INCIDENTS)
            .setWorkflowId(IncidentRollbackWorkflow.workflowId(ended.incidentId())).build());
    IncidentStatus status = rollback.run(new RollbackRequest(ended, request.steps(), 0, "carol", "false positive",
        "grt-" + ended.incidentId()));

    assertThat(status.state()).isEqualTo(IncidentState.ROLLED_BACK);
    assertThat(status.abortReason())
        .isEqualTo("rolled back by carol: false positive; irreversible, not undone: revoke");
    assertThat(status.steps()).extracting(StepStatus::name).containsExactly("revoke");
    assertThat(gdap.requests).hasSize(1);
    assertThat(gateway.requests).isEmpty();
  }

  @Test
  void alertNamingNoCustomer_withTheFallbackToAll_revokesEveryCustomerAndCountsFailures() {
    gdap.outcomes = List.of(Outcome.ALREADY_TERMINATED, Outcome.FAILED);
    start(gdap);

    IncidentStatus status = newIncident("gdap-3").run(request(IncidentRequest.MODE_AUTONOMOUS,
        TenantSpec.all(FakeGdap.PARTNER), REVOKE));

    assertThat(gdap.requests).singleElement().satisfies(sent -> {
      assertThat(sent.allCustomers()).isTrue();
      assertThat(sent.expectedPartnerTenantId()).isEqualTo(FakeGdap.PARTNER);
    });
    assertThat(status.state()).isEqualTo(IncidentState.COMPLETED_WITH_ERRORS);
    assertThat(status.steps().get(0)).satisfies(step -> {
      assertThat(step.total()).isEqualTo(2);
      assertThat(step.succeeded()).isEqualTo(1);
      assertThat(step.failed()).isEqualTo(1);
      assertThat(step.detail()).endsWith("all customers: 1 already_terminated, 1 failed");
    });
  }

  @Test
  void gdapNotConfigured_failsTheStepAndTheIncidentSayingWhatToSet() {
    start(new GdapNotConfigured());

    IncidentStatus status = newIncident("gdap-4").run(request(IncidentRequest.MODE_AUTONOMOUS,
        TenantSpec.customers(List.of(C1), null), REVOKE));

    assertThat(status.state()).isEqualTo(IncidentState.FAILED);
    assertThat(status.error()).isEqualTo("step revoke (revoke-gdap) failed: " + GdapNotConfigured.MESSAGE);
    assertThat(status.steps()).singleElement().satisfies(step -> {
      assertThat(step.state()).isEqualTo("failed");
      assertThat(step.detail()).isEqualTo("revoke-gdap is not configured: set gdap.tenantId/clientId/clientSecret");
    });
    assertThat(database.tenantResults).isEmpty();
  }

  @Test
  void tenantsSelectingNothing_endWithNoTargetsWithoutCallingGraph() {
    start(gdap);

    IncidentStatus status = newIncident("gdap-5").run(request(IncidentRequest.MODE_APPROVAL,
        TenantSpec.customers(List.of(), FakeGdap.PARTNER), REVOKE));

    assertThat(status.state()).isEqualTo(IncidentState.NO_TARGETS);
    assertThat(gdap.requests).isEmpty();
  }

  @Test
  void mixedPlaybook_runsEachStepAtItsPosition_hostStepsBeforeAndAfterTheRevocation() {
    database = new FakeIncidentActivities(FakeIncidentActivities.hosts("g1", "a", 3));
    gdap.observer = () -> gateway.requests.size();
    startWith(gdap);
    StepSpec evidence = new StepSpec("evidence", "collect-evidence", Map.of(), 100, 5_000);
    StepSpec isolate = new StepSpec("isolate", "isolate-host", Map.of(), 100, 5_000, "release-host", false);
    IncidentRequest request = new IncidentRequest("key", "mixed", IncidentRequest.MODE_AUTONOMOUS,
        new TargetSpec(List.of(), List.of(), "role=web", List.of()), List.of(evidence, REVOKE, isolate), "alice",
        "test", null, null, TenantSpec.customers(List.of(C1), null));

    IncidentStatus status = newIncident("gdap-6").run(request);

    assertThat(status.state()).isEqualTo(IncidentState.COMPLETED);
    assertThat(gdap.observed).as("dispatches seen when the revocation ran").containsExactly(1);
    assertThat(gateway.requests).extracting(DispatchRequest::step).containsExactly("evidence", "isolate");
    assertThat(status.steps()).extracting(StepStatus::name, StepStatus::total, StepStatus::succeeded)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("evidence", 3, 3),
            org.assertj.core.groups.Tuple.tuple("revoke", 1, 1), org.assertj.core.groups.Tuple.tuple("isolate", 3, 3));
    assertThat(database.snapshots).hasSize(1);
  }

  @Test
  void cancelWhileRevoking_letsTheRevocationFinishThenStopsAndNamesItNotUndone() throws Exception {
    database = new FakeIncidentActivities(FakeIncidentActivities.hosts("g1", "a", 2));
    gdap.release = new CountDownLatch(1);
    startWith(gdap);
    StepSpec isolate = new StepSpec("isolate", "isolate-host", Map.of(), 100, 5_000, "release-host", false);
    IncidentRequest request = new IncidentRequest("key", "mixed", IncidentRequest.MODE_AUTONOMOUS,
        new TargetSpec(List.of(), List.of(), "role=web", List.of()), List.of(REVOKE, isolate), "alice", "test", null,
        null, TenantSpec.customers(List.of(C1), null));
    IncidentWorkflow incident = newIncident("gdap-7");
    WorkflowClient.start(incident::run, request);
    assertThat(gdap.called.await(20, TimeUnit.SECONDS)).isTrue();

    incident.cancel(new CancelRequest("carol", "wrong partner"));
    gdap.release.countDown();
    IncidentStatus status = WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class);

    assertThat(status.state()).isEqualTo(IncidentState.ROLLED_BACK);
    assertThat(status.abortReason()).isEqualTo("cancelled by carol: wrong partner; irreversible, not undone: revoke");
    assertThat(status.steps()).extracting(StepStatus::name, StepStatus::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("revoke", "done"),
            org.assertj.core.groups.Tuple.tuple("isolate", "aborted"));
    assertThat(database.tenantResults).as("its evidence is kept").hasSize(1);
    assertThat(gateway.requests).as("no host step after the cancel").isEmpty();
  }

  @Test
  void grantWithoutRevokeGdap_failsTheStepWithoutCallingGraph() {
    start(gdap);
    database.grantActions = List.of("collect-evidence");

    IncidentStatus status = newIncident("gdap-8").run(request(IncidentRequest.MODE_AUTONOMOUS,
        TenantSpec.customers(List.of(C1), FakeGdap.PARTNER), REVOKE));

    assertThat(status.state()).isEqualTo(IncidentState.FAILED);
    assertThat(status.error()).isEqualTo("step revoke (revoke-gdap) failed: grant grt-" + status.incidentId()
        + " does not cover action revoke-gdap; nothing was revoked");
    assertThat(gdap.requests).isEmpty();
    assertThat(database.tenantResults).isEmpty();
  }

  @Test
  void grantOutsideTheGdapPartition_failsTheStepWithoutCallingGraph() {
    start(gdap);
    database.grantPartitions = List.of("p1");

    IncidentStatus status = newIncident("gdap-9").run(request(IncidentRequest.MODE_AUTONOMOUS,
        TenantSpec.customers(List.of(C1), FakeGdap.PARTNER), REVOKE));

    assertThat(status.state()).isEqualTo(IncidentState.FAILED);
    assertThat(status.error()).endsWith("does not cover partition gdap; nothing was revoked");
    assertThat(gdap.requests).isEmpty();
  }

  @Test
  void endedGrant_stopsBeforeTheRevocationAndRollsNothingBack() {
    database = new FakeIncidentActivities(FakeIncidentActivities.hosts("g1", "a", 2));
    database.grantTtlMs = -60_000;
    startWith(gdap);
    StepSpec isolate = new StepSpec("isolate", "isolate-host", Map.of(), 100, 5_000, "release-host", false);
    IncidentRequest request = new IncidentRequest("key", "mixed", IncidentRequest.MODE_AUTONOMOUS,
        new TargetSpec(List.of(), List.of(), "role=web", List.of()), List.of(REVOKE, isolate), "alice", "test", null,
        null, TenantSpec.customers(List.of(C1), null));

    IncidentStatus status = newIncident("gdap-10").run(request);

    assertThat(status.state()).isEqualTo(IncidentState.STOPPED);
    assertThat(status.abortReason()).isEqualTo("grant grt-" + status.incidentId()
        + " ended before the rollout did; nothing rolled back");
    assertThat(gdap.requests).isEmpty();
    assertThat(gateway.requests).isEmpty();
  }

  /** An approval of the current (fake) plan by {@code who}, scoped to {@code partitions}. */
  static ApprovalDecision approval(String who, List<String> partitions) {
    return new ApprovalDecision(true, who, "partner confirmed compromised", FakeIncidentActivities.DIGEST, partitions,
        1);
  }

  static IncidentRequest request(String mode, TenantSpec tenants, StepSpec... steps) {
    return new IncidentRequest("key", "revoke-partner-access", mode, NO_HOSTS, List.of(steps), "alert:a1", "test",
        null, null, tenants);
  }

  private void start(GdapActivities activities) {
    database = new FakeIncidentActivities(List.of());
    startWith(activities);
  }

  private void startWith(GdapActivities activities) {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.INCIDENTS);
    worker.registerWorkflowImplementationTypes(IncidentWorkflowImpl.class, PartitionWorkflowImpl.class,
        IncidentRollbackWorkflowImpl.class);
    worker.registerActivitiesImplementations(database, activities);
    env.newWorker(TaskQueues.gateway("g1")).registerActivitiesImplementations(database.recording(gateway));
    env.start();
  }

  private IncidentWorkflow newIncident(String workflowId) {
    return env.getWorkflowClient().newWorkflowStub(IncidentWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.INCIDENTS).setWorkflowId(workflowId).build());
  }

  private void awaitState(IncidentWorkflow incident, IncidentState state) {
    for (int i = 0; i < 200 && incident.status().state() != state; i++) {
      env.sleep(Duration.ofMillis(50));
    }
    assertThat(incident.status().state()).isEqualTo(state);
  }
}
