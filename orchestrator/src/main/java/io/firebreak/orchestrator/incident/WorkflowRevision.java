package io.firebreak.orchestrator.incident;

import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * Revisions of the incident workflows' command sequences (incident, partition child, rollback).
 * Each run records the revision it started under ({@link Workflow#getVersion}, its first command),
 * so a run started before an upgrade replays, and goes on, as it ran; {@code
 * IncidentWorkflowReplayTest} replays a recorded set of histories of every revision.
 */
final class WorkflowRevision {
  static final String CHANGE_ID = "firebreak-incident-workflows";
  /** Runs recorded before revisions were tracked. */
  static final int ORIGINAL = Workflow.DEFAULT_VERSION;
  /**
   * The database activities are local: short reads and writes run in the workflow worker inside
   * the workflow task, without a round trip through the Temporal service each (three history
   * events and a workflow task apiece before; one marker now). Partition children send the
   * incident their progress while a step runs (the original's first-signal check overflowed, so
   * it never did).
   */
  static final int LOCAL_DATABASE = 1;
  static final int CURRENT = LOCAL_DATABASE;

  static final ActivityOptions REMOTE_DATABASE = ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofSeconds(30))
      .setRetryOptions(retries())
      .build();

  static final LocalActivityOptions LOCAL_DATABASE_OPTIONS = LocalActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofSeconds(30))
      // Retries longer than this wait on a timer in the history rather than inside the task.
      .setLocalRetryThreshold(Duration.ofSeconds(2))
      .setRetryOptions(retries())
      .build();

  private WorkflowRevision() {}

  /** This run's revision; call it first in the workflow method (it records the marker). */
  static int of() {
    return Workflow.getVersion(CHANGE_ID, ORIGINAL, CURRENT);
  }

  /** The database stub of a run of {@code revision}. */
  static IncidentActivities database(int revision) {
    return revision == ORIGINAL
        ? Workflow.newActivityStub(IncidentActivities.class, REMOTE_DATABASE)
        : Workflow.newLocalActivityStub(IncidentActivities.class, LOCAL_DATABASE_OPTIONS);
  }

  private static RetryOptions retries() {
    return RetryOptions.newBuilder()
        .setInitialInterval(Duration.ofMillis(200))
        .setMaximumInterval(Duration.ofSeconds(5))
        .setMaximumAttempts(30)
        .build();
  }
}
