package io.firebreak.orchestrator.incident;

/**
 * Counts problem hosts per wave and overall and says when the rollout must stop (see
 * {@link RolloutSpec}). Workflow-local state; not thread-safe (workflow code is single-threaded).
 */
final class ErrorBudget {
  private final Amount perWave;
  private final Amount overall;
  private final int totalHosts;
  private int problemHosts;

  ErrorBudget(RolloutSpec rollout, int totalHosts) {
    this.perWave = rollout.perWave() == null ? null : Amount.parse(rollout.perWave());
    this.overall = rollout.overall() == null ? null : Amount.parse(rollout.overall());
    this.totalHosts = totalHosts;
  }

  /**
   * Records the problem hosts of a finished wave (distinct hosts; waves never share a host).
   *
   * @return why the rollout must stop, or null to go on
   */
  String afterWave(int waveNumber, int waveSize, int waveProblems) {
    problemHosts += waveProblems;
    if (perWave != null && perWave.exceededBy(waveProblems, waveSize)) {
      return String.format("wave %d: %d of %d hosts failed or were unreachable, over the per-wave budget of %s",
          waveNumber, waveProblems, waveSize, perWave);
    }
    if (overall != null && overall.exceededBy(problemHosts, totalHosts)) {
      return String.format("%d of %d hosts failed or were unreachable so far, over the overall budget of %s",
          problemHosts, totalHosts, overall);
    }
    return null;
  }
}
