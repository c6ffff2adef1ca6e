package io.firebreak.orchestrator.incident;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * The {@link IncidentActivities} stub of the incident workflows (incident, partition child,
 * rollback). Since version {@link #LOCAL} they are <em>local</em> activities: short database
 * reads and writes run in the workflow worker inside the workflow task, without a round trip
 * through the Temporal service for each (three history events and a workflow task apiece before;
 * one marker now). Histories recorded before that change keep replaying with ordinary activities.
 */
final class DatabaseStub {
  /** The {@link Workflow#getVersion} change id; its marker is the first command of each run. */
  static final String CHANGE_ID = "database-local-activities";
  static final int LOCAL = 1;

  static final ActivityOptions REMOTE_OPTIONS = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofSeconds(30))
      .setRetryOptions(retries())
      .build();

  static final LocalActivityOptions LOCAL_OPTIONS = LocalActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofSeconds(30))
      // Retries longer than this wait on a timer in the history rather than inside the task.
      .setLocalRetryThreshold(Duration.ofSeconds(2))
      .setRetryOptions(retries())
      .build();

  private DatabaseStub() {}

  /** The stub this run uses; call it first in the workflow method (it records the version marker). */
  static IncidentActivities create() {
    int version = Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, LOCAL);
    return version == Workflow.DEFAULT_VERSION
        ? Workflow.newActivityStub(IncidentActivities.class, REMOTE_OPTIONS)
        : Workflow.newLocalActivityStub(IncidentActivities.class, LOCAL_OPTIONS);
  }

  private static RetryOptions retries() {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofMillis(200))
        .setMaximumInterval(Duration.ofSeconds(5))
        .setMaximumAttempts(30)
        .build();
  }
}
