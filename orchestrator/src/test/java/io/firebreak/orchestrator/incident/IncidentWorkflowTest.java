package io.firebreak.orchestrator.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.orchestrator.gateway.DispatchActivities;
import io.firebreak.orchestrator.gateway.DispatchRequest;
import io.firebreak.orchestrator.gateway.DispatchResult;
import io.firebreak.orchestrator.gateway.HostOutcome;
import io.firebreak.orchestrator.gateway.HostResult;
import io.firebreak.orchestrator.gateway.TargetHost;
import io.firebreak.orchestrator.gateway.TaskQueues;
import io.temporal.activity.Activity;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IncidentWorkflowTest {
  static final String QUEUE = TaskQueues.INCIDENTS;

  TestWorkflowEnvironment env;
  FakeIncidentActivities database;

  @AfterEach
  void tearDown() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void steps_areSentInBatchesPerGatewayOnTheGatewaysQueue() {
    List<TargetHost> hosts = new ArrayList<>(FakeIncidentActivities.hosts("g1", "a", 250));
    hosts.addAll(FakeIncidentActivities.hosts("g2", "b", 30));
    FakeDispatch g1 = new FakeDispatch();
    FakeDispatch g2 = new FakeDispatch();
    start(hosts, Map.of("g1", g1, "g2", g2));

    IncidentStatus status = newIncident("run-1").run(request("alice", IncidentRequest.MODE_AUTONOMOUS));

    assertThat(g1.batchSizes("evidence")).containsExactly(50, 100, 100);
    assertThat(g2.batchSizes("evidence")).containsExactly(30);
    assertThat(g1.hostsSent("isolate")).hasSize(250).allMatch(host -> host.startsWith("a-"));
    assertThat(g2.hostsSent("isolate")).hasSize(30).allMatch(host -> host.startsWith("b-"));
    assertThat(g1.requests).allSatisfy(request -> {
      assertThat(request.epoch()).isEqualTo(1);
      assertThat(request.hostTimeoutMs()).isEqualTo(5_000);
    });
    assertThat(status.state()).isEqualTo(IncidentState.COMPLETED);
    assertThat(status.steps()).allSatisfy(step -> {
      assertThat(step.total()).isEqualTo(280);
      assertThat(step.succeeded()).isEqualTo(280);
      assertThat(step.pending()).isZero();
      assertThat(step.state()).isEqualTo("done");
    });
    assertThat(status.unknownHosts()).containsExactly("ghost-1");
    assertThat(database.statuses).last().extracting(IncidentStatus::state).isEqualTo(IncidentState.COMPLETED);
  }

  @Test
  void partitionProgress_reachesTheIncidentWhileTheStepRuns() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FakeDispatch g1 = new FakeDispatch() {
      @Override
      public DispatchResult dispatch(DispatchRequest request) {
        if (!request.hosts().get(0).hostId().equals("a-00001")) {
          // Every batch but the first waits until the test has seen the first batch's progress.
          await(release);
        }
        return super.dispatch(request);
      }
    };
    start(FakeIncidentActivities.hosts("g1", "a", 250), Map.of("g1", g1));
    IncidentWorkflow incident = newIncident("progress");
    WorkflowClient.start(incident::run, request("alice", IncidentRequest.MODE_AUTONOMOUS));

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    StepStatus seen = null;
    while ((seen == null || seen.succeeded() < 100) && System.nanoTime() < deadline) {
      Thread.sleep(20);
      IncidentStatus status = incident.status();
      seen = status == null || status.steps().isEmpty() ? null : status.steps().get(0);
    }
    release.countDown();

    assertThat(seen).as("the first step as the incident showed it while the rest were in flight").isNotNull();
    assertThat(seen.succeeded()).isEqualTo(100);
    assertThat(seen.pending()).as("hosts still in flight").isEqualTo(150);
    assertThat(WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class).state())
        .isEqualTo(IncidentState.COMPLETED);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void unreachableHosts_areReportedWithoutDispatchAndSkippedInLaterSteps() {
    List<TargetHost> hosts = new ArrayList<>(FakeIncidentActivities.hosts("g1", "a", 4));
    hosts.add(new TargetHost("offline-1", "p1", null));
    FakeDispatch g1 = new FakeDispatch();
    g1.silent.add("a-00002");
    g1.failing.add("a-00003");
    start(hosts, Map.of("g1", g1));

    IncidentStatus status = newIncident("run-2").run(request("alice", IncidentRequest.MODE_AUTONOMOUS));

    assertThat(g1.hostsSent("evidence")).containsExactly("a-00001", "a-00002", "a-00003", "a-00004");
    assertThat(g1.hostsSent("isolate")).containsExactly("a-00001", "a-00003", "a-00004");
    assertThat(status.state()).isEqualTo(IncidentState.COMPLETED_WITH_ERRORS);
    StepStatus isolate = status.steps().get(1);
    assertThat(isolate.succeeded()).isEqualTo(2);
    assertThat(isolate.failed()).isEqualTo(1);
    assertThat(isolate.skipped()).isEqualTo(2);
    assertThat(database.hostResults).anySatisfy(batch -> {
      assertThat(batch.step()).isEqualTo("evidence");
      assertThat(batch.results()).singleElement().satisfies(result -> {
        assertThat(result.hostId()).isEqualTo("offline-1");
        assertThat(result.outcome()).isEqualTo(HostOutcome.UNREACHABLE);
        assertThat(result.detail()).isEqualTo("not connected to any gateway");
      });
    });
    assertThat(database.hostResults).anySatisfy(batch -> {
      assertThat(batch.step()).isEqualTo("isolate");
      assertThat(batch.results()).extracting(HostResult::outcome).containsOnly(HostOutcome.SKIPPED);
      assertThat(batch.results()).extracting(HostResult::detail).containsOnly("unreachable in step evidence");
    });
  }

  @Test
  void gatewayThatNeverRunsTheBatch_hostsEndUnreachableAndTheIncidentEnds() {
    // g-dead has no worker: its queue is never polled, the activity times out before starting.
    start(FakeIncidentActivities.hosts("g-dead", "a", 3), Map.of());

    IncidentStatus status = newIncident("run-3").run(request("alice", IncidentRequest.MODE_AUTONOMOUS));

    assertThat(status.state()).isEqualTo(IncidentState.COMPLETED_WITH_ERRORS);
    assertThat(status.steps().get(0).unreachable()).isEqualTo(3);
    assertThat(status.steps().get(1).skipped()).isEqualTo(3);
    assertThat(database.hostResults.get(0).results()).allSatisfy(result ->
        assertThat(result.detail()).isEqualTo("its gateway failed and it has not reconnected"));
  }

  @Test
  void batchOfADyingGateway_isReroutedAndOnlyUnansweredHostsAreResent() {
    List<TargetHost> hosts = FakeIncidentActivities.hosts("g1", "a", 10);
    FakeDispatch g2 = new FakeDispatch();
    AtomicInteger attempts = new AtomicInteger();
    DispatchActivities dying = request -> {
      attempts.incrementAndGet();
      List<HostResult> firstHalf = new ArrayList<>();
      for (TargetHost host : request.hosts().subList(0, 4)) {
        firstHalf.add(new HostResult(host.hostId(), host.partition(), HostOutcome.SUCCEEDED, "ok", false, 1));
      }
      Activity.getExecutionContext().heartbeat(new DispatchResult(firstHalf));
      // The gateway process dies: no more heartbeats, no result.
      sleep(Duration.ofSeconds(12));
      return new DispatchResult(firstHalf);
    };
    env = TestWorkflowEnvironment.newInstance();
    database = new FakeIncidentActivities(hosts);
    hosts.forEach(host -> database.relocated.put(host.hostId(), new TargetHost(host.hostId(), "p1", "g2")));
    register(Map.of("g1", dying, "g2", g2));
    env.start();

    IncidentStatus status = newIncident("run-4").run(request("alice", IncidentRequest.MODE_AUTONOMOUS));

    assertThat(attempts.get()).isGreaterThanOrEqualTo(1);
    assertThat(g2.hostsSent("evidence")).containsExactly("a-00005", "a-00006", "a-00007", "a-00008", "a-00009", "a-00010");
    assertThat(status.steps().get(0).succeeded()).isEqualTo(10);
  }

  @Test
  void repeatedAlert_joinsTheRunningIncident() {
    start(FakeIncidentActivities.hosts("g1", "a", 2), Map.of("g1", new FakeDispatch()));
    WorkflowClient client = env.getWorkflowClient();
    IncidentRequest request = request("alert:a1", IncidentRequest.MODE_APPROVAL);
    AlertRef first = new AlertRef("a1", "malware-detected", "high", "edr", "a-00001", "p1", 1);
    AlertRef second = new AlertRef("a2", "malware-detected", "high", "edr", "a-00001", "p1", 2);

    String run1 = signalWithStart(client, request, first);
    String run2 = signalWithStart(client, request, second);

    assertThat(run2).isEqualTo(run1);
    IncidentWorkflow incident = client.newWorkflowStub(IncidentWorkflow.class, "incident/key");
    awaitState(incident, IncidentState.AWAITING_APPROVAL);
    assertThat(incident.status().alertCount()).isEqualTo(2);
    incident.decide(decision(false, "bob", "test over"));
    WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class);
    assertThat(database.alerts).extracting(AlertRef::alertId).contains("a2");
  }

  @Test
  void approval_byAnotherUserRunsTheSteps_selfApprovalIsRefusedAtOnce() {
    FakeDispatch g1 = new FakeDispatch();
    start(FakeIncidentActivities.hosts("g1", "a", 3), Map.of("g1", g1));
    IncidentWorkflow incident = newIncident("run-6");
    WorkflowClient.start(incident::run, request("alice", IncidentRequest.MODE_APPROVAL));
    awaitState(incident, IncidentState.AWAITING_APPROVAL);

    assertThatThrownBy(() -> incident.decide(decision(true, "alice", "mine")))
        .isInstanceOf(WorkflowUpdateException.class)
        .rootCause().hasMessageContaining("the requester cannot approve their own request");
    assertThat(g1.requests).isEmpty();
    assertThat(incident.decide(decision(true, "bob", "looks right"))).isEqualTo(IncidentState.RUNNING);

    IncidentStatus status = WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class);
    assertThat(status.state()).isEqualTo(IncidentState.COMPLETED);
    assertThat(status.decidedBy()).isEqualTo("bob");
    assertThat(g1.hostsSent("isolate")).hasSize(3);
    assertThatThrownBy(() -> incident.decide(decision(true, "carol", "late")))
        .isInstanceOf(Exception.class);
  }

  @Test
  void denial_dispatchesNothing() {
    FakeDispatch g1 = new FakeDispatch();
    start(FakeIncidentActivities.hosts("g1", "a", 3), Map.of("g1", g1));
    IncidentWorkflow incident = newIncident("run-7");
    WorkflowClient.start(incident::run, request("alice", IncidentRequest.MODE_APPROVAL));
    awaitState(incident, IncidentState.AWAITING_APPROVAL);

    incident.decide(decision(false, "bob", "wrong host"));

    IncidentStatus status = WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class);
    assertThat(status.state()).isEqualTo(IncidentState.DENIED);
    assertThat(status.decisionReason()).isEqualTo("wrong host");
    assertThat(g1.requests).isEmpty();
  }

  @Test
  void approvalNobodyGives_expiresAfter30MinutesAndDispatchesNothing() {
    FakeDispatch g1 = new FakeDispatch();
    start(FakeIncidentActivities.hosts("g1", "a", 3), Map.of("g1", g1));

    IncidentStatus status = newIncident("run-8").run(request("alice", IncidentRequest.MODE_APPROVAL));

    assertThat(status.state()).isEqualTo(IncidentState.EXPIRED);
    assertThat(g1.requests).isEmpty();
  }

  @Test
  void fiftyThousandHosts_noHistoryPassesTenThousandEvents_childrenPerPartitionContinueAsNew() {
    List<TargetHost> hosts = new ArrayList<>();
    for (int p = 1; p <= 5; p++) {
      hosts.addAll(FakeIncidentActivities.hosts("g1", "p" + p, 10_000, "p" + p));
    }
    FakeDispatch g1 = new FakeDispatch();
    start(hosts, Map.of("g1", g1));
    IncidentRequest base = request("alice", IncidentRequest.MODE_AUTONOMOUS);
    // Small batches make many activities: 3 steps × 2,500 batches of 20.
    IncidentRequest many = new IncidentRequest("key", "contain-outbreak", IncidentRequest.MODE_AUTONOMOUS,
        base.targets(), List.of(new StepSpec("evidence", "collect-evidence", Map.of(), 20, 5_000),
            new StepSpec("isolate", "isolate-host", Map.of(), 20, 5_000, "release-host", false),
            new StepSpec("kill", "kill-process", Map.of(), 20, 5_000)), "alice", "test", null, null);

    IncidentStatus status = newIncident("run-9").run(many);

    assertThat(status.state()).isEqualTo(IncidentState.COMPLETED);
    assertThat(status.steps()).allSatisfy(step -> assertThat(step.succeeded()).isEqualTo(50_000));
    assertThat(g1.hostsSent("kill")).hasSize(50_000).doesNotHaveDuplicates();
    Map<String, Integer> histories = histories("run-9");
    assertThat(histories.values()).as("events per workflow run").allSatisfy(events ->
        assertThat(events).isLessThan(10_000));
    assertThat(histories.keySet()).as("every child is of one partition")
        .filteredOn(run -> !run.equals("run-9"))
        .allSatisfy(run -> assertThat(run).matches("run-9/w1/p[1-5]/\\d+@.*"));
    System.out.println("history events per run at 50,000 hosts: " + histories);
    assertThat(histories.keySet()).as("children that continued as new").filteredOn(run -> run.endsWith(CONTINUED))
        .isNotEmpty();
  }

  private static final String CONTINUED = " (continued as new)";

  /** Events per run of {@code workflowId} and of every child it started (following continue-as-new). */
  private Map<String, Integer> histories(String workflowId) {
    WorkflowClient client = env.getWorkflowClient();
    Map<String, Integer> sizes = new java.util.TreeMap<>();
    io.temporal.common.WorkflowExecutionHistory parent = client.fetchHistory(workflowId);
    sizes.put(workflowId, parent.getHistory().getEventsCount());
    for (io.temporal.api.history.v1.HistoryEvent event : parent.getEvents()) {
      if (!event.hasChildWorkflowExecutionStartedEventAttributes()) {
        continue;
      }
      io.temporal.api.common.v1.WorkflowExecution child =
          event.getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution();
      String runId = child.getRunId();
      while (runId != null) {
        io.temporal.common.WorkflowExecutionHistory run = client.fetchHistory(child.getWorkflowId(), runId);
        io.temporal.api.history.v1.HistoryEvent last = run.getLastEvent();
        sizes.put(child.getWorkflowId() + "@" + runId
            + (last.hasWorkflowExecutionContinuedAsNewEventAttributes() ? CONTINUED : ""),
            run.getHistory().getEventsCount());
        runId = last.hasWorkflowExecutionContinuedAsNewEventAttributes()
            ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId() : null;
      }
    }
    return sizes;
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void canaryWaveOverBudget_abortsBeforeTheNextWaveAndSendsNothingMore() {
    FakeDispatch g1 = new FakeDispatch();
    g1.failing.add("a-00001");
    start(FakeIncidentActivities.hosts("g1", "a", 20), Map.of("g1", g1));

    IncidentStatus status = newIncident("run-10").run(rollout(
        new RolloutSpec("1", List.of("50%", "100%"), 0, 0, 0, "0", null)));

    assertThat(status.state()).isEqualTo(IncidentState.ROLLED_BACK);
    assertThat(status.abortReason()).contains("wave 1: 1 of 1 hosts", "per-wave budget of 0");
    assertThat(g1.hostsSent("evidence")).containsExactly("a-00001");
    assertThat(status.steps()).hasSize(2).allSatisfy(step -> {
      assertThat(step.state()).isEqualTo("aborted");
      assertThat(step.pending()).isEqualTo(19);
    });
  }

  @Test
  void wavesRunEveryStepOnAWaveBeforeTheNextWaveAndPauseBetween() {
    FakeDispatch g1 = new FakeDispatch();
    start(FakeIncidentActivities.hosts("g1", "a", 10), Map.of("g1", g1));
    long before = env.currentTimeMillis();

    IncidentStatus status = newIncident("run-11").run(rollout(
        new RolloutSpec("1", List.of("50%", "100%"), 0, 0, 60_000, "100%", "100%")));

    assertThat(status.state()).isEqualTo(IncidentState.COMPLETED);
    assertThat(g1.requests).extracting(r -> r.step() + ":" + r.hosts().size())
        .containsExactly("evidence:1", "isolate:1", "evidence:4", "isolate:4", "evidence:5", "isolate:5");
    assertThat(env.currentTimeMillis() - before).as("two pauses of a minute").isGreaterThanOrEqualTo(120_000);
  }

  @Test
  void overallBudget_countsDistinctHostsAcrossWavesAndAWaveEntirelyOfflineExceedsIt() {
    List<TargetHost> hosts = new ArrayList<>(FakeIncidentActivities.hosts("g1", "a", 4));
    for (int i = 1; i <= 4; i++) {
      hosts.add(new TargetHost("z-offline-" + i, "p1", null));
    }
    FakeDispatch g1 = new FakeDispatch();
    start(hosts, Map.of("g1", g1));

    IncidentStatus status = newIncident("run-12").run(rollout(new RolloutSpec(null, List.of(), 4, 0, 0, null, "25%")));

    assertThat(status.state()).isEqualTo(IncidentState.ROLLED_BACK);
    assertThat(status.abortReason()).isEqualTo(
        "4 of 8 hosts failed or were unreachable so far, over the overall budget of 25%");
    assertThat(g1.hostsSent("isolate")).hasSize(4);
    // The four isolated hosts are released again, newest first, at a higher epoch.
    assertThat(g1.hostsSent("rollback-isolate")).containsExactly("a-00001", "a-00002", "a-00003", "a-00004");
    assertThat(g1.requests).filteredOn(r -> r.step().equals("rollback-isolate")).singleElement().satisfies(r -> {
      assertThat(r.action()).isEqualTo("release-host");
      assertThat(r.epoch()).isEqualTo(2);
      assertThat(r.hosts()).extracting(TargetHost::hostId).containsExactly("a-00004", "a-00003", "a-00002", "a-00001");
    });
    assertThat(g1.hostsSent("rollback-evidence")).as("collect-evidence has nothing to undo").isEmpty();
  }

  @Test
  void maxConcurrency_capsHostsInFlightWithinAWave() {
    FakeDispatch g1 = new FakeDispatch();
    start(FakeIncidentActivities.hosts("g1", "a", 250), Map.of("g1", g1));

    IncidentStatus status = newIncident("run-13").run(rollout(new RolloutSpec(null, List.of(), 0, 100, 0, null, null)));

    assertThat(status.state()).isEqualTo(IncidentState.COMPLETED);
    assertThat(g1.batchSizes("evidence")).containsExactly(50, 100, 100);
  }

  @Test
  void cancelDuringThePauseBetweenWaves_rollsBackWhatWasDoneAndSendsNoMoreWaves() {
    FakeDispatch g1 = new FakeDispatch();
    start(FakeIncidentActivities.hosts("g1", "a", 6), Map.of("g1", g1));
    IncidentWorkflow incident = newIncident("run-14");
    WorkflowClient.start(incident::run, rollout(new RolloutSpec("2", List.of("100%"), 0, 0, 3_600_000, null, null)));
    for (int i = 0; i < 200 && g1.hostsSent("isolate").size() < 2; i++) {
      env.sleep(Duration.ofMillis(50));
    }

    incident.cancel(new CancelRequest("carol", "wrong playbook"));
    IncidentStatus status = WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class);

    assertThat(status.state()).isEqualTo(IncidentState.ROLLED_BACK);
    assertThat(status.abortReason()).isEqualTo("cancelled by carol: wrong playbook");
    assertThat(g1.hostsSent("isolate")).containsExactly("a-00001", "a-00002");
    assertThat(g1.hostsSent("rollback-isolate")).containsExactly("a-00001", "a-00002");
    assertThat(status.steps()).extracting(StepStatus::name).containsExactly("evidence", "isolate", "rollback-isolate");
    assertThat(status.steps().get(2).succeeded()).isEqualTo(2);
  }

  @Test
  void irreversibleStepsAreNotRolledBackButNamed() {
    FakeDispatch g1 = new FakeDispatch();
    g1.failing.add("a-00002");
    start(FakeIncidentActivities.hosts("g1", "a", 2), Map.of("g1", g1));
    IncidentRequest base = request("alice", IncidentRequest.MODE_AUTONOMOUS);
    IncidentRequest rotate = new IncidentRequest("key", "rotate", IncidentRequest.MODE_AUTONOMOUS, base.targets(),
        List.of(new StepSpec("rotate", "rotate-credential", Map.of(), 100, 5_000, null, true)),
        "alice", "test", null, new RolloutSpec(null, List.of(), 0, 0, 0, "0", null));

    IncidentStatus status = newIncident("run-15").run(rotate);

    assertThat(status.state()).isEqualTo(IncidentState.ROLLED_BACK);
    assertThat(status.abortReason()).endsWith("; irreversible, not undone: rotate");
    assertThat(g1.requests).extracting(DispatchRequest::step).containsOnly("rotate");
  }

  @Test
  void offlineHost_isWaitedForAndDispatchedWhenItConnects_anotherTimesOutUnreachable() {
    List<TargetHost> hosts = new ArrayList<>(FakeIncidentActivities.hosts("g1", "a", 2));
    hosts.add(new TargetHost("late-1", "p1", null));
    hosts.add(new TargetHost("never-1", "p1", null));
    FakeDispatch g1 = new FakeDispatch();
    start(hosts, Map.of("g1", g1));
    database.relocated.put("late-1", new TargetHost("late-1", "p1", "g1"));

    IncidentStatus status = newIncident("run-16").run(rollout(
        new RolloutSpec(null, List.of(), 0, 0, 0, null, null, 60_000)));

    assertThat(g1.hostsSent("isolate")).containsExactly("a-00001", "a-00002", "late-1");
    assertThat(status.steps().get(0).succeeded()).isEqualTo(3);
    assertThat(status.steps().get(0).unreachable()).isEqualTo(1);
    assertThat(database.hostResults).anySatisfy(batch -> assertThat(batch.results()).singleElement()
        .satisfies(result -> assertThat(result.detail()).isEqualTo("not connected to any gateway within 60 s")));
  }

  @Test
  void completedIncident_rolledBackByAResponder_undoesNewestFirstAtAHigherEpochAndEndsRolledBack() {
    List<TargetHost> hosts = new ArrayList<>(FakeIncidentActivities.hosts("g1", "a", 3, "p1"));
    hosts.addAll(FakeIncidentActivities.hosts("g1", "b", 2, "p2"));
    FakeDispatch g1 = new FakeDispatch();
    g1.failing.add("b-00002");
    start(hosts, Map.of("g1", g1));
    IncidentRequest request = request("alice", IncidentRequest.MODE_AUTONOMOUS);
    IncidentStatus ended = newIncident("run-17").run(request);
    assertThat(ended.state()).isEqualTo(IncidentState.COMPLETED_WITH_ERRORS);

    IncidentRollbackWorkflow rollback = env.getWorkflowClient().newWorkflowStub(IncidentRollbackWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(QUEUE)
            .setWorkflowId(IncidentRollbackWorkflow.workflowId(ended.incidentId())).build());
    IncidentStatus status = rollback.run(new RollbackRequest(ended, request.steps(), 0, "carol", "false positive",
        "grt-" + ended.incidentId()));

    assertThat(status.state()).isEqualTo(IncidentState.ROLLED_BACK);
    assertThat(status.abortReason()).isEqualTo("rolled back by carol: false positive");
    assertThat(status.steps()).extracting(StepStatus::name).containsExactly("evidence", "isolate", "rollback-isolate");
    assertThat(status.steps().get(2)).satisfies(undo -> {
      assertThat(undo.total()).isEqualTo(4);
      assertThat(undo.succeeded()).isEqualTo(4);
      assertThat(undo.state()).isEqualTo("done");
    });
    List<DispatchRequest> undone = g1.requests.stream().filter(r -> r.step().equals("rollback-isolate")).toList();
    assertThat(undone).allSatisfy(r -> {
      assertThat(r.action()).isEqualTo("release-host");
      assertThat(r.epoch()).isEqualTo(2);
    });
    assertThat(undone).flatExtracting(DispatchRequest::hosts).extracting(TargetHost::hostId)
        .as("per partition, newest first; the host that failed is not released")
        .containsExactlyInAnyOrder("a-00003", "a-00002", "a-00001", "b-00001");
    assertThat(undone).filteredOn(r -> r.hosts().get(0).partition().equals("p1")).singleElement()
        .satisfies(r -> assertThat(r.hosts()).extracting(TargetHost::hostId)
            .containsExactly("a-00003", "a-00002", "a-00001"));
    assertThat(status.version()).isGreaterThan(ended.version());
    assertThat(database.statuses).last().extracting(IncidentStatus::state).isEqualTo(IncidentState.ROLLED_BACK);
  }

  static ApprovalDecision decision(boolean approve, String by, String reason) {
    return new ApprovalDecision(approve, by, reason, FakeIncidentActivities.DIGEST, List.of("*"), 1);
  }

  static IncidentRequest request(String requestedBy, String mode) {
    return new IncidentRequest("key", "contain-outbreak", mode, new TargetSpec(List.of(), List.of(), "role=web", List.of()),
        List.of(new StepSpec("evidence", "collect-evidence", Map.of(), 100, 5_000),
            new StepSpec("isolate", "isolate-host", Map.of("reason", "test"), 100, 5_000, "release-host", false)),
        requestedBy, "test", null, null);
  }

  static IncidentRequest rollout(RolloutSpec rollout) {
    IncidentRequest base = request("alice", IncidentRequest.MODE_AUTONOMOUS);
    return new IncidentRequest(base.incidentKey(), base.playbook(), base.mode(), base.targets(), base.steps(),
        base.requestedBy(), base.justification(), null, rollout);
  }

  private void start(List<TargetHost> registry, Map<String, ? extends DispatchActivities> gateways) {
    env = TestWorkflowEnvironment.newInstance();
    database = new FakeIncidentActivities(registry);
    register(gateways);
    env.start();
  }

  private void register(Map<String, ? extends DispatchActivities> gateways) {
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(IncidentWorkflowImpl.class, PartitionWorkflowImpl.class,
        IncidentRollbackWorkflowImpl.class);
    worker.registerActivitiesImplementations(database);
    gateways.forEach((gateway, dispatch) ->
        env.newWorker(TaskQueues.gateway(gateway)).registerActivitiesImplementations(database.recording(dispatch)));
  }

  private IncidentWorkflow newIncident(String workflowId) {
    return env.getWorkflowClient().newWorkflowStub(IncidentWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId(workflowId).build());
  }

  private static String signalWithStart(WorkflowClient client, IncidentRequest request, AlertRef alert) {
    IncidentWorkflow workflow = client.newWorkflowStub(IncidentWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("incident/key").build());
    BatchRequest batch = client.newSignalWithStartRequest();
    batch.add(workflow::run, request);
    batch.add(workflow::alert, alert);
    return client.signalWithStart(batch).getRunId();
  }

  private void awaitState(IncidentWorkflow incident, IncidentState state) {
    for (int i = 0; i < 200 && incident.status().state() != state; i++) {
      env.sleep(Duration.ofMillis(50));
    }
    assertThat(incident.status().state()).isEqualTo(state);
  }
}
