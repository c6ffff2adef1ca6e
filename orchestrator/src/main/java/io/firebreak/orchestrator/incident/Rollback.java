package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.TargetHost;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The saga's compensation inside the incident workflow: runs each step's inverse on the hosts the
 * step succeeded on, steps and hosts newest first, at {@link #EPOCH} so that agents refuse a
 * delayed forward command that arrives afterwards. Irreversible steps are not undone but named.
 */
final class Rollback {
  static final long EPOCH = 2;

  private final String incidentId;
  private final IncidentActivities database;
  private final Runnable recordProgress;

  Rollback(String incidentId, IncidentActivities database, Runnable recordProgress) {
    this.incidentId = incidentId;
    this.database = database;
    this.recordProgress = recordProgress;
  }

  /**
   * Undoes what {@code forward} did; adds one progress entry per rollback step to {@code progressOut}.
   *
   * @return the names of irreversible steps that had done something, comma-separated, or null
   */
  String run(List<StepSpec> steps, StepDispatcher forward, List<TargetHost> hosts, int maxConcurrency,
      List<StepProgress> progressOut) {
    StepDispatcher undo = new StepDispatcher(incidentId, database, recordProgress, EPOCH);
    Map<String, TargetHost> byId = new HashMap<>();
    hosts.forEach(host -> byId.put(host.hostId(), host));
    List<String> notUndone = new ArrayList<>();
    for (int i = steps.size() - 1; i >= 0; i--) {
      StepSpec step = steps.get(i);
      List<String> done = new ArrayList<>(forward.succeededIn(step.name()));
      if (done.isEmpty() || step.inverse() == null) {
        if (!done.isEmpty() && step.irreversible()) {
          notUndone.add(step.name());
        }
        continue;
      }
      Collections.reverse(done);
      List<TargetHost> targets = done.stream().map(byId::get).toList();
      StepProgress progress = new StepProgress(step.rollback());
      progress.expect(targets.size());
      progressOut.add(progress);
      undo.run(step.rollback(), progress, targets, maxConcurrency);
      progress.finish();
    }
    return notUndone.isEmpty() ? null : String.join(", ", notUndone);
  }
}
