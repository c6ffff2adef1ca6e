package io.firebreak.orchestrator.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Replays a recorded incident (approval, two steps, two gateways, an unreachable and an offline
 * host, a repeated alert) against the current code: a non-deterministic change to the workflow
 * fails here before it can break incidents that are running in production.
 */
class IncidentWorkflowReplayTest {
  static final String HISTORY = "incident/incident-history.json";

  @Test
  void recordedHistory_replaysWithoutNonDeterminism() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(HISTORY, IncidentWorkflowImpl.class);
  }

  @Test
  void recordedHistory_isTheScenarioItClaims() throws Exception {
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(
        Files.readString(Path.of("src/test/resources", HISTORY), StandardCharsets.UTF_8));

    long signals = history.getEvents().stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED).count();
    long updates = history.getEvents().stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED).count();
    long dispatches = history.getEvents().stream()
        .filter(event -> event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
        .filter(event -> event.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("Dispatch"))
        .count();
    assertThat(signals).isEqualTo(2);
    assertThat(updates).isEqualTo(1);
    assertThat(dispatches).isGreaterThanOrEqualTo(4);
  }
}
