package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.TargetHost;
import io.firebreak.orchestrator.gateway.TaskQueues;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Records the histories {@link IncidentWorkflowReplayTest} replays ({@link
 * IncidentWorkflowReplayTest#CURRENT}). After an intended change to the workflows, guarded by
 * {@code Workflow.getVersion}, add a new set there (keep the old ones: running incidents have
 * their histories) and record it:
 * {@code mvn -pl orchestrator test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.firebreak.orchestrator.incident.IncidentHistoryFixture} (from the repository
 * root, with {@code -Dexec.workingdir=orchestrator} or from the orchestrator directory).
 */
final class IncidentHistoryFixture {
  private IncidentHistoryFixture() {}

  /**
   * Records the replay fixtures (run from the orchestrator directory): both, or only {@code host}
   * or {@code tenant} when named.
   */
  public static void main(String[] args) throws Exception {
    java.util.Set<String> which = java.util.Set.of(args);
    if (which.isEmpty() || which.contains("host")) {
      record();
    }
    if (which.isEmpty() || which.contains("tenant")) {
      recordTenantIncident();
    }
  }

  /** An approved incident whose only step, revoke-gdap, runs in the orchestrator on two customers. */
  static void recordTenantIncident() throws Exception {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    FakeIncidentActivities database = new FakeIncidentActivities(List.of());
    Worker worker = env.newWorker(TaskQueues.INCIDENTS);
    worker.registerWorkflowImplementationTypes(IncidentWorkflowImpl.class, PartitionWorkflowImpl.class);
    worker.registerActivitiesImplementations(database, new FakeGdap());
    env.start();
    WorkflowClient client = env.getWorkflowClient();
    IncidentRequest request = OrchestratorStepWorkflowTest.request(IncidentRequest.MODE_APPROVAL,
        TenantSpec.customers(List.of(OrchestratorStepWorkflowTest.C1, OrchestratorStepWorkflowTest.C2),
            FakeGdap.PARTNER), OrchestratorStepWorkflowTest.REVOKE);
    IncidentWorkflow workflow = client.newWorkflowStub(IncidentWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.INCIDENTS).setWorkflowId("incident/replay-tenants").build());
    BatchRequest batch = client.newSignalWithStartRequest();
    batch.add(workflow::run, request);
    batch.add(workflow::alert, new AlertRef("a1", "partner-compromise", "critical", "xdr", null, null, 1,
        FakeGdap.PARTNER, List.of(OrchestratorStepWorkflowTest.C1, OrchestratorStepWorkflowTest.C2)));
    client.signalWithStart(batch);
    while (workflow.status().state() != IncidentState.AWAITING_APPROVAL) {
      env.sleep(java.time.Duration.ofMillis(50));
    }
    workflow.decide(new ApprovalDecision(true, "bob", "fixture", FakeIncidentActivities.DIGEST,
        List.of(io.firebreak.orchestrator.gdap.GdapActivities.PARTITION), 1));
    WorkflowStub.fromTyped(workflow).getResult(IncidentStatus.class);
    Files.writeString(Path.of("src/test/resources/" + IncidentWorkflowReplayTest.CURRENT.tenant()),
        client.fetchHistory("incident/replay-tenants").toJson(true));
    env.close();
  }

  static void record() throws Exception {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    List<TargetHost> hosts = new ArrayList<>(FakeIncidentActivities.hosts("g1", "a", 5));
    hosts.addAll(FakeIncidentActivities.hosts("g2", "b", 3));
    hosts.add(new TargetHost("offline-1", "p1", null));
    FakeIncidentActivities database = new FakeIncidentActivities(hosts);
    FakeDispatch g1 = new FakeDispatch();
    g1.silent.add("a-00002");
    Worker worker = env.newWorker(TaskQueues.INCIDENTS);
    worker.registerWorkflowImplementationTypes(IncidentWorkflowImpl.class, PartitionWorkflowImpl.class);
    worker.registerActivitiesImplementations(database);
    env.newWorker(TaskQueues.gateway("g1")).registerActivitiesImplementations(database.recording(g1));
    env.newWorker(TaskQueues.gateway("g2")).registerActivitiesImplementations(database.recording(new FakeDispatch()));
    env.start();
    WorkflowClient client = env.getWorkflowClient();
    IncidentRequest request = new IncidentRequest("key", "contain-outbreak", IncidentRequest.MODE_APPROVAL,
        new TargetSpec(List.of(), List.of(), "role=web", List.of()),
        List.of(new StepSpec("evidence", "collect-evidence", java.util.Map.of(), 2, 5_000),
            new StepSpec("isolate", "isolate-host", java.util.Map.of("reason", "test"), 2, 5_000)),
        "alert:a1", "replay fixture", null, null);
    for (String alert : List.of("a1", "a2")) {
      IncidentWorkflow workflow = client.newWorkflowStub(IncidentWorkflow.class,
          WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.INCIDENTS).setWorkflowId("incident/replay").build());
      BatchRequest batch = client.newSignalWithStartRequest();
      batch.add(workflow::run, request);
      batch.add(workflow::alert, new AlertRef(alert, "lateral-movement", "critical", "ids", "a-00001", "p1", 1));
      client.signalWithStart(batch);
    }
    IncidentWorkflow incident = client.newWorkflowStub(IncidentWorkflow.class, "incident/replay");
    while (incident.status().state() != IncidentState.AWAITING_APPROVAL) {
      env.sleep(java.time.Duration.ofMillis(50));
    }
    incident.decide(new ApprovalDecision(true, "bob", "fixture", FakeIncidentActivities.DIGEST,
        List.of("*"), 1));
    WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class);
    io.temporal.common.WorkflowExecutionHistory parent = client.fetchHistory("incident/replay");
    Files.writeString(Path.of("src/test/resources/" + IncidentWorkflowReplayTest.CURRENT.incident()), parent.toJson(true));
    String child = parent.getEvents().stream().filter(event -> event.hasChildWorkflowExecutionStartedEventAttributes())
        .map(event -> event.getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution().getWorkflowId())
        .findFirst().orElseThrow();
    Files.writeString(Path.of("src/test/resources/" + IncidentWorkflowReplayTest.CURRENT.child()),
        client.fetchHistory(child).toJson(true));
    env.close();
  }
}
