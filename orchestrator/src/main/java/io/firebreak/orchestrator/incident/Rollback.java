package io.firebreak.orchestrator.incident;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The saga's compensation: runs each step's inverse on the hosts the step succeeded on, steps and
 * hosts newest first, at {@link #EPOCH} so that agents refuse a delayed forward command arriving
 * afterwards. The hosts come from the recorded results (one child workflow per plan slice), so a
 * rollback works the same mid-incident and after it ended. Irreversible steps are not undone but
 * named. Workflow-local; single-threaded.
 */
final class Rollback {
  static final long EPOCH = 2;

  private final PartitionFanOut fanOut;
  /** Forward step index → progress of its inverse, last step first. */
  private final Map<Integer, StepProgress> progress = new LinkedHashMap<>();
  private final List<String> notUndone = new ArrayList<>();

  /**
   * @param forward per step, what the forward run did (only {@code succeeded} is used)
   * @param onProgress called whenever the rollback's counts changed
   */
  Rollback(String incidentId, List<StepSpec> steps, List<StepCounts> forward, String grantId, Runnable onProgress) {
    this.fanOut = new PartitionFanOut(incidentId, steps, grantId, () -> {
      refresh();
      onProgress.run();
    });
    for (int i = steps.size() - 1; i >= 0; i--) {
      StepSpec step = steps.get(i);
      int done = forward.get(i).succeeded();
      if (done == 0) {
        continue;
      }
      if (step.inverse() == null) {
        if (step.irreversible()) {
          notUndone.add(step.name());
        }
        continue;
      }
      StepProgress undo = new StepProgress(step.rollback());
      undo.expect(done);
      progress.put(i, undo);
    }
  }

  /** Receives the rollback children's progress signals. */
  PartitionFanOut fanOut() {
    return fanOut;
  }

  /** One entry per step being undone, last step first. */
  List<StepProgress> steps() {
    return List.copyOf(progress.values());
  }

  /**
   * Undoes what was done on {@code slices} (cut to child size).
   *
   * @return the names of irreversible steps that had done something, comma-separated, or null
   */
  String run(String phase, List<PlanSlice> slices, int maxConcurrency) {
    if (!progress.isEmpty()) {
      progress.values().forEach(StepProgress::start);
      fanOut.run(phase, slices, EPOCH, true, maxConcurrency, 0);
      refresh();
      progress.values().forEach(StepProgress::finish);
    }
    return notUndone.isEmpty() ? null : String.join(", ", notUndone);
  }

  private void refresh() {
    List<StepCounts> counts = fanOut.counts();
    progress.forEach((step, undo) -> undo.set(counts.get(step)));
  }
}
