package io.firebreak.orchestrator.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.orchestrator.gateway.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The approval invariants, on the real workflow (time-skipping test server, activities faked): no
 * self-approval, no one counts twice, a decision names the current plan, an expired or not yet
 * escalated request cannot be decided, an approver outside the plan's partitions cannot decide;
 * escalation moves tier by tier and fails closed; a revoked or ended grant stops dispatch.
 */
class ApprovalWorkflowTest {
  TestWorkflowEnvironment env;
  FakeIncidentActivities database;
  FakeDispatch g1;

  @BeforeEach
  void setUp() {
    env = TestWorkflowEnvironment.newInstance();
    database = new FakeIncidentActivities(FakeIncidentActivities.hosts("g1", "a", 6, "blue"));
    database.clock = env::currentTimeMillis;
    g1 = new FakeDispatch();
    Worker worker = env.newWorker(TaskQueues.INCIDENTS);
    worker.registerWorkflowImplementationTypes(IncidentWorkflowImpl.class, PartitionWorkflowImpl.class);
    worker.registerActivitiesImplementations(database);
    env.newWorker(TaskQueues.gateway("g1")).registerActivitiesImplementations(database.recording(g1));
    env.start();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void twoApprovers_theSamePersonCannotCountTwice_andTheGrantNamesBoth() {
    database.required = 2;
    IncidentWorkflow incident = start("two", approvalRequest());
    awaitState(incident, IncidentState.AWAITING_APPROVAL);

    assertThat(incident.decide(decision("bob", FakeIncidentActivities.DIGEST, List.of("*"), 1)))
        .isEqualTo(IncidentState.AWAITING_APPROVAL);
    assertThatThrownBy(() -> incident.decide(decision("bob", FakeIncidentActivities.DIGEST, List.of("*"), 1)))
        .isInstanceOf(WorkflowUpdateException.class).rootCause()
        .hasMessageContaining("bob already approved; the next approval must come from someone else");
    assertThat(g1.requests).isEmpty();
    assertThat(incident.decide(decision("carol", FakeIncidentActivities.DIGEST, List.of("blue"), 1)))
        .isEqualTo(IncidentState.RUNNING);

    IncidentStatus status = WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class);
    assertThat(status.state()).isEqualTo(IncidentState.COMPLETED);
    assertThat(status.decidedBy()).isEqualTo("bob, carol");
    assertThat(database.grants).singleElement().satisfies(grant -> {
      assertThat(grant.mintedBy()).containsExactly("bob", "carol");
      assertThat(grant.partitions()).containsExactly("blue");
      assertThat(grant.actions()).contains("isolate-host", "release-host");
    });
    assertThat(g1.requests).allSatisfy(request -> assertThat(request.approvalRef()).isEqualTo("grt-" + status.incidentId()));
  }

  @Test
  void staleDigest_outOfScope_andAnUnreachedTier_areRefusedWithTheReason() {
    IncidentWorkflow incident = start("refusals", approvalRequest());
    awaitState(incident, IncidentState.AWAITING_APPROVAL);

    assertThatThrownBy(() -> incident.decide(decision("bob", "sha256:an-older-plan", List.of("*"), 1)))
        .rootCause().hasMessageContaining("the decision names plan sha256:an-older-plan but the current plan is "
            + FakeIncidentActivities.DIGEST);
    assertThatThrownBy(() -> incident.decide(decision("bob", FakeIncidentActivities.DIGEST, List.of("green"), 1)))
        .rootCause().hasMessageContaining("the plan touches partitions [blue] outside your scope [green]");
    assertThatThrownBy(() -> incident.decide(decision("bob", FakeIncidentActivities.DIGEST, List.of("*"), 2)))
        .rootCause().hasMessageContaining("tier 2 approvers may decide once the request escalates to their tier");
    assertThat(g1.requests).isEmpty();
    assertThat(incident.status().state()).isEqualTo(IncidentState.AWAITING_APPROVAL);
  }

  @Test
  void escalation_movesToTheNextTierAfterItsWait_andTheEndOfTheChainDenies() {
    database.tiers = List.of(new AccessDecision.TierWait(1, 600_000), new AccessDecision.TierWait(2, 600_000));
    database.requestTtlMs = 3_600_000;
    IncidentWorkflow incident = start("escalate", approvalRequest());
    awaitState(incident, IncidentState.AWAITING_APPROVAL);

    env.sleep(Duration.ofMinutes(11));
    assertThat(database.approvalUpdates).extracting(ApprovalUpdate::event).contains("escalated");
    assertThat(database.approvalUpdates).filteredOn(u -> u.event().equals("escalated")).first()
        .extracting(ApprovalUpdate::tier).isEqualTo(2);
    IncidentStatus status = WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class);

    assertThat(status.state()).isEqualTo(IncidentState.DENIED);
    assertThat(status.decisionReason()).isEqualTo("nobody decided at any escalation tier (last: tier 2); nothing was done");
    assertThat(g1.requests).isEmpty();
  }

  @Test
  void escalatedRequest_canBeApprovedByTheNextTier() {
    database.tiers = List.of(new AccessDecision.TierWait(1, 600_000), new AccessDecision.TierWait(2, 600_000));
    IncidentWorkflow incident = start("tier2", approvalRequest());
    awaitState(incident, IncidentState.AWAITING_APPROVAL);
    env.sleep(Duration.ofMinutes(11));

    assertThat(incident.decide(decision("dave", FakeIncidentActivities.DIGEST, List.of("*"), 2)))
        .isEqualTo(IncidentState.RUNNING);
    assertThat(WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class).state())
        .isEqualTo(IncidentState.COMPLETED);
  }

  @Test
  void expiredRequest_failsClosed() {
    database.requestTtlMs = 5 * 60_000;
    IncidentWorkflow incident = start("expire", approvalRequest());

    IncidentStatus status = WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class);

    assertThat(status.state()).isEqualTo(IncidentState.EXPIRED);
    assertThat(database.approvalUpdates).last().extracting(ApprovalUpdate::state).isEqualTo("expired");
    assertThatThrownBy(() -> incident.decide(decision("bob", FakeIncidentActivities.DIGEST, List.of("*"), 1)))
        .isInstanceOf(RuntimeException.class);
    assertThat(g1.requests).isEmpty();
  }

  @Test
  void revokedGrant_stopsDispatchBeforeTheNextWave_andNothingIsRolledBack() {
    IncidentRequest waves = rollout(new RolloutSpec("1", List.of("100%"), 0, 0, 3_600_000, null, null));
    IncidentWorkflow incident = start("revoke", waves);
    for (int i = 0; i < 200 && g1.hostsSent("isolate").isEmpty(); i++) {
      env.sleep(Duration.ofMillis(50));
    }
    String incidentId = incident.status().incidentId();

    incident.grantRevoked(new GrantRevocation("grt-" + incidentId, "root", "wrong scope"));
    IncidentStatus status = WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class);

    assertThat(status.state()).isEqualTo(IncidentState.STOPPED);
    assertThat(status.abortReason())
        .isEqualTo("grant grt-" + incidentId + " revoked by root: wrong scope; nothing rolled back");
    assertThat(g1.hostsSent("isolate")).containsExactly("a-00001");
    assertThat(g1.hostsSent("rollback-isolate")).isEmpty();
  }

  @Test
  void grantThatEndsBetweenWaves_stopsTheRollout() {
    database.grantTtlMs = 30 * 60_000;
    IncidentWorkflow incident = start("ended", rollout(new RolloutSpec("1", List.of("100%"), 0, 0, 3_600_000, null,
        null)));

    IncidentStatus status = WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class);

    assertThat(status.state()).isEqualTo(IncidentState.STOPPED);
    assertThat(status.abortReason()).contains("ended before the rollout did");
    assertThat(g1.hostsSent("isolate")).hasSize(1);
  }

  /**
   * Property: for random sequences of decisions by the requester, approvers with random scopes and
   * tiers and random (sometimes stale) digests, every decision is accepted exactly when the model
   * says it is valid, and the incident runs exactly when the required number of distinct valid
   * approvers was reached.
   */
  @Test
  void randomDecisionSequences_acceptExactlyTheValidOnes() {
    Random random = new Random(20261129);
    // Decisions arrive between the test server's time jumps: keep requests far from expiring.
    database.tiers = List.of(new AccessDecision.TierWait(1, Duration.ofDays(30).toMillis()));
    database.requestTtlMs = Duration.ofDays(30).toMillis();
    List<String> people = List.of("alice", "bob", "carol", "dave");
    for (int round = 0; round < 12; round++) {
      int required = 1 + random.nextInt(2);
      database.required = required;
      IncidentWorkflow incident = start("prop-" + round, approvalRequest());
      awaitState(incident, IncidentState.AWAITING_APPROVAL);
      Set<String> counted = new HashSet<>();
      List<String> trace = new ArrayList<>();
      for (int step = 0; step < 6 && counted.size() < required; step++) {
        String who = people.get(random.nextInt(people.size()));
        String digest = random.nextInt(4) == 0 ? "sha256:stale" : FakeIncidentActivities.DIGEST;
        List<String> scope = random.nextInt(4) == 0 ? List.of("green") : List.of(random.nextBoolean() ? "*" : "blue");
        int tier = random.nextInt(5) == 0 ? 2 : 1;
        boolean valid = !who.equals("alice") && !counted.contains(who) && digest.equals(FakeIncidentActivities.DIGEST)
            && !scope.contains("green") && tier == 1;
        boolean accepted;
        try {
          incident.decide(decision(who, digest, scope, tier));
          accepted = true;
        } catch (WorkflowUpdateException e) {
          accepted = false;
        }
        trace.add(who + "/" + digest + "/" + scope + "/t" + tier + "=" + accepted);
        assertThat(accepted).as("round %d: %s", round, trace).isEqualTo(valid);
        if (accepted) {
          counted.add(who);
        }
      }
      IncidentState expected = counted.size() >= required ? IncidentState.RUNNING : IncidentState.AWAITING_APPROVAL;
      if (expected == IncidentState.RUNNING) {
        assertThat(WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class).state())
            .as("round %d: %s", round, trace).isEqualTo(IncidentState.COMPLETED);
      } else {
        assertThat(incident.status().state()).as("round %d: %s", round, trace).isEqualTo(expected);
        incident.cancel(new CancelRequest("test", "round over"));
        // Let it end before the next round, so no timer of this one makes the test server jump.
        assertThat(WorkflowStub.fromTyped(incident).getResult(IncidentStatus.class).state())
            .isEqualTo(IncidentState.DENIED);
      }
    }
  }

  private IncidentWorkflow start(String id, IncidentRequest request) {
    IncidentWorkflow incident = env.getWorkflowClient().newWorkflowStub(IncidentWorkflow.class,
        WorkflowOptions.newBuilder().setTaskQueue(TaskQueues.INCIDENTS).setWorkflowId(id).build());
    WorkflowClient.start(incident::run, request);
    return incident;
  }

  private static ApprovalDecision decision(String by, String digest, List<String> scope, int tier) {
    return new ApprovalDecision(true, by, "reviewed", digest, scope, tier);
  }

  private static IncidentRequest approvalRequest() {
    return IncidentWorkflowTest.request("alice", IncidentRequest.MODE_APPROVAL);
  }

  private static IncidentRequest rollout(RolloutSpec rollout) {
    return IncidentWorkflowTest.rollout(rollout);
  }

  private void awaitState(IncidentWorkflow incident, IncidentState state) {
    for (int i = 0; i < 200 && incident.status().state() != state; i++) {
      env.sleep(Duration.ofMillis(50));
    }
    assertThat(incident.status().state()).isEqualTo(state);
  }
}
