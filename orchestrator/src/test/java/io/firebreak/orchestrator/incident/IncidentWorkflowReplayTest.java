package io.firebreak.orchestrator.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays recorded incidents (approval, two steps, two gateways, an unreachable and an offline
 * host, a repeated alert; and an orchestrator-side revocation on two customers) against the
 * current code: a non-deterministic change to the workflows fails here before it can break
 * incidents that are running in production. Every set of histories ever recorded stays: an
 * incident started under an older version must still complete under the new code.
 */
class IncidentWorkflowReplayTest {
  /** Recorded when the database activities were ordinary activities (before revisions: {@link WorkflowRevision#ORIGINAL}). */
  static final Fixtures ACTIVITIES = new Fixtures("activities", "incident/incident-history.json",
      "incident/partition-history.json", "incident/tenant-incident-history.json", false);
  /** Recorded with the database activities local ({@link WorkflowRevision#LOCAL_DATABASE}). */
  static final Fixtures LOCAL = new Fixtures("local activities", "incident/local/incident-history.json",
      "incident/local/partition-history.json", "incident/local/tenant-incident-history.json", true);
  /** The set {@link IncidentHistoryFixture} records. */
  static final Fixtures CURRENT = LOCAL;

  record Fixtures(String name, String incident, String child, String tenant, boolean localDatabase) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Fixtures> recorded() {
    return Stream.of(ACTIVITIES, LOCAL);
  }

  @ParameterizedTest
  @MethodSource("recorded")
  void recordedHistory_replaysWithoutNonDeterminism(Fixtures fixtures) throws Exception {
    // Child workflow ids derive from the parent's id: replay under the recorded ids.
    WorkflowReplayer.replayWorkflowExecution(load(fixtures.incident(), "incident/replay"), IncidentWorkflowImpl.class);
    WorkflowReplayer.replayWorkflowExecution(load(fixtures.child(), "incident/replay/w1/p1/0"),
        PartitionWorkflowImpl.class);
  }

  @ParameterizedTest
  @MethodSource("recorded")
  void recordedTenantIncident_replaysWithoutNonDeterminism(Fixtures fixtures) throws Exception {
    WorkflowExecutionHistory history = load(fixtures.tenant(), "incident/replay-tenants");

    WorkflowReplayer.replayWorkflowExecution(history, IncidentWorkflowImpl.class);

    assertThat(activities(history)).as("plan (no hosts), access by policy, a grant, one revocation, its results recorded")
        .containsSubsequence("SnapshotPlan", "RequestAccess", "MintGrant", "RevokePartnerAccess", "RecordTenantResults")
        .doesNotContain("PlanHosts", "Dispatch");
    String revocation = history.getEvents().stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .map(event -> event.getActivityTaskScheduledEventAttributes())
        .filter(scheduled -> scheduled.getActivityType().getName().equals("RevokePartnerAccess"))
        .map(scheduled -> scheduled.getInput().getPayloads(0).getData().toStringUtf8()).findFirst().orElseThrow();
    assertThat(revocation).as("the revocation carries the grant").contains("\"grantId\":\"grt-");
  }

  @ParameterizedTest
  @MethodSource("recorded")
  void recordedHistory_isTheScenarioItClaims(Fixtures fixtures) throws Exception {
    WorkflowExecutionHistory history = load(fixtures.incident(), "incident/replay");
    WorkflowExecutionHistory child = load(fixtures.child(), "incident/replay/w1/p1/0");

    long signals = history.getEvents().stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED)
        .filter(event -> event.getWorkflowExecutionSignaledEventAttributes().getSignalName().equals("alert"))
        .count();
    long updates = history.getEvents().stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED).count();
    long children = history.getEvents().stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED).count();
    assertThat(children).isEqualTo(1);
    assertThat(activities(child).stream().filter("Dispatch"::equals).count()).isGreaterThanOrEqualTo(4);
    assertThat(signals).isEqualTo(2);
    assertThat(updates).isEqualTo(1);
    // Which way the database was reached is what tells the sets apart: through the service or locally.
    List<String> database = List.of("SnapshotPlan", "RequestAccess", "MintGrant", "RecordStatus", "PlanHosts");
    List<String> local = new ArrayList<>(localActivities(history));
    local.addAll(localActivities(child));
    List<String> remote = new ArrayList<>(remoteActivities(history));
    remote.addAll(remoteActivities(child));
    long progressSignals = child.getEvents().stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_SIGNAL_EXTERNAL_WORKFLOW_EXECUTION_INITIATED)
        .filter(event -> event.getSignalExternalWorkflowExecutionInitiatedEventAttributes().getSignalName()
            .equals(IncidentWorkflow.PROGRESS_SIGNAL))
        .count();
    if (fixtures.localDatabase()) {
      assertThat(progressSignals).as(fixtures + ": the child reports progress").isPositive();
      assertThat(local).as(fixtures + ": local").containsAll(database);
      assertThat(remote).as(fixtures + ": through the service").doesNotContainAnyElementsOf(database).contains("Dispatch");
    } else {
      assertThat(progressSignals).as(fixtures + ": the original child never reported progress").isZero();
      assertThat(local).as(fixtures + ": local").isEmpty();
      assertThat(remote).as(fixtures + ": through the service").containsAll(database).contains("Dispatch");
    }
  }

  private static WorkflowExecutionHistory load(String resource, String workflowId) throws Exception {
    return WorkflowExecutionHistory.fromJson(
        Files.readString(Path.of("src/test/resources", resource), StandardCharsets.UTF_8), workflowId);
  }

  /** Activity types in history order, ordinary and local. */
  static List<String> activities(WorkflowExecutionHistory history) {
    List<String> names = new ArrayList<>();
    for (HistoryEvent event : history.getEvents()) {
      if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        names.add(event.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      } else if (isLocalActivity(event)) {
        names.add(localActivityType(event));
      }
    }
    return names;
  }

  static List<String> localActivities(WorkflowExecutionHistory history) {
    return history.getEvents().stream().filter(IncidentWorkflowReplayTest::isLocalActivity)
        .map(IncidentWorkflowReplayTest::localActivityType).toList();
  }

  static List<String> remoteActivities(WorkflowExecutionHistory history) {
    return history.getEvents().stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .map(event -> event.getActivityTaskScheduledEventAttributes().getActivityType().getName()).toList();
  }

  private static boolean isLocalActivity(HistoryEvent event) {
    return event.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED
        && event.getMarkerRecordedEventAttributes().getMarkerName().equals("LocalActivity");
  }

  private static String localActivityType(HistoryEvent event) {
    String type = event.getMarkerRecordedEventAttributes().getDetailsOrThrow("type").getPayloads(0).getData()
        .toStringUtf8();
    return type.replace("\"", "");
  }
}
