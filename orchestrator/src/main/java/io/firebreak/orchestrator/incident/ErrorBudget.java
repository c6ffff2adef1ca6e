package io.firebreak.orchestrator.incident;

import java.util.HashSet;
import java.util.Set;

/**
 * Counts problem hosts per wave and overall and says when the rollout must stop (see
 * {@link RolloutSpec}). Workflow-local state; not thread-safe (workflow code is single-threaded).
 */
final class ErrorBudget {
  private final Amount perWave;
  private final Amount overall;
  private final int totalHosts;
  private final Set<String> problemHosts = new HashSet<>();

  ErrorBudget(RolloutSpec rollout, int totalHosts) {
    this.perWave = rollout.perWave() == null ? null : Amount.parse(rollout.perWave());
    this.overall = rollout.overall() == null ? null : Amount.parse(rollout.overall());
    this.totalHosts = totalHosts;
  }

  /**
   * Records the problem hosts of a finished wave.
   *
   * @return why the rollout must stop, or null to go on
   */
  String afterWave(int waveNumber, int waveSize, Set<String> waveProblems) {
    problemHosts.addAll(waveProblems);
    if (perWave != null && perWave.exceededBy(waveProblems.size(), waveSize)) {
      return String.format("wave %d: %d of %d hosts failed or were unreachable, over the per-wave budget of %s",
          waveNumber, waveProblems.size(), waveSize, perWave);
    }
    if (overall != null && overall.exceededBy(problemHosts.size(), totalHosts)) {
      return String.format("%d of %d hosts failed or were unreachable so far, over the overall budget of %s",
          problemHosts.size(), totalHosts, overall);
    }
    return null;
  }
}
