package io.firebreak.bench;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code --trace}: where the time of one orchestrated run went, from the workflow histories of the
 * incident and its children (Temporal's own event times), as milliseconds after the alert was sent.
 */
final class Timeline {
  private final WorkflowClient client;

  Timeline(WorkflowClient client) {
    this.client = client;
  }

  /** Prints the events of {@code workflowId} (its latest run) and of every child it started. */
  void print(String workflowId, long alertSentEpochMs, PrintStream out) {
    List<String> pending = new ArrayList<>(List.of(workflowId));
    while (!pending.isEmpty()) {
      String id = pending.remove(0);
      WorkflowExecutionHistory history = client.fetchHistory(id);
      out.printf("-- %s (%d events)%n", id, history.getEvents().size());
      for (HistoryEvent event : history.getEvents()) {
        long at = event.getEventTime().getSeconds() * 1000 + event.getEventTime().getNanos() / 1_000_000;
        out.printf(Locale.ROOT, "%7d ms  %s%s%n", at - alertSentEpochMs, name(event.getEventType()), detail(event));
        if (event.getEventType() == EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED) {
          pending.add(event.getChildWorkflowExecutionStartedEventAttributes().getWorkflowExecution().getWorkflowId());
        }
      }
    }
  }

  private static String name(EventType type) {
    return type.name().substring("EVENT_TYPE_".length()).toLowerCase(Locale.ROOT);
  }

  private static String detail(HistoryEvent event) {
    if (event.hasActivityTaskScheduledEventAttributes()) {
      return " " + event.getActivityTaskScheduledEventAttributes().getActivityType().getName();
    }
    if (event.hasStartChildWorkflowExecutionInitiatedEventAttributes()) {
      return " " + event.getStartChildWorkflowExecutionInitiatedEventAttributes().getWorkflowId();
    }
    return "";
  }
}
