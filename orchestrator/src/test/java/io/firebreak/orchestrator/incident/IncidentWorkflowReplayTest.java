package io.firebreak.orchestrator.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replays a recorded incident (approval, two steps, two gateways, an unreachable and an offline
 * host, a repeated alert) against the current code: a non-deterministic change to the workflow
 * fails here before it can break incidents that are running in production.
 */
class IncidentWorkflowReplayTest {
  static final String HISTORY = "incident/incident-history.json";
  static final String CHILD_HISTORY = "incident/partition-history.json";
  static final String TENANT_HISTORY = "incident/tenant-incident-history.json";

  @Test
  void recordedHistory_replaysWithoutNonDeterminism() throws Exception {
    // Child workflow ids derive from the parent's id: replay under the recorded ids.
    WorkflowReplayer.replayWorkflowExecution(load(HISTORY, "incident/replay"), IncidentWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecution(load(CHILD_HISTORY, "incident/replay/w1/p1/0"),
        PartitionWorkflowImpl.class);
  }

  @Test
  void recordedTenantIncident_replaysWithoutNonDeterminism() throws Exception {
    WorkflowExecutionHistory history = load(TENANT_HISTORY, "incident/replay-tenants");

    WorkflowReplayer.replayWorkflowExecution(history, IncidentWorkflowImpl.class);

    List<String> activities = history.getEvents().stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .map(event -> event.getActivityTaskScheduledEventAttributes().getActivityType().getName()).toList();
    assertThat(activities).as("plan (no hosts), access by policy, a grant, one revocation, its results recorded")
        .containsSubsequence("SnapshotPlan", "RequestAccess", "MintGrant", "RevokePartnerAccess", "RecordTenantResults")
        .doesNotContain("PlanHosts", "Dispatch");
    String revocation = history.getEvents().stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .map(event -> event.getActivityTaskScheduledEventAttributes())
        .filter(scheduled -> scheduled.getActivityType().getName().equals("RevokePartnerAccess"))
        .map(scheduled -> scheduled.getInput().getPayloads(0).getData().toStringUtf8()).findFirst().orElseThrow();
    assertThat(revocation).as("the revocation carries the grant").contains("\"grantId\":\"grt-");
  }

  private static WorkflowExecutionHistory load(String resource, String workflowId) throws Exception {
    return WorkflowExecutionHistory.fromJson(
        Files.readString(Path.of("src/test/resources", resource), StandardCharsets.UTF_8), workflowId);
  }

  @Test
  void recordedHistory_isTheScenarioItClaims() throws Exception {
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(
        Files.readString(Path.of("src/test/resources", HISTORY), StandardCharsets.UTF_8));
    WorkflowExecutionHistory child = WorkflowExecutionHistory.fromJson(
        Files.readString(Path.of("src/test/resources", CHILD_HISTORY), StandardCharsets.UTF_8));

    long signals = history.getEvents().stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .filter(event -> event.getWorkflowExecutionSignaledEventAttributes().getSignalName().equals("alert"))
        .count();
    long updates = history.getEvents().stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED).count();
    long children = history.getEvents().stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED).count();
    assertThat(children).isEqualTo(1);
    long dispatches = child.getEvents().stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .filter(event -> event.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("Dispatch"))
        .count();
    assertThat(signals).isEqualTo(2);
    assertThat(updates).isEqualTo(1);
    assertThat(dispatches).isGreaterThanOrEqualTo(4);
  }
}
