package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.HostResult;

/**
 * Mutable per-step counts inside a workflow (workflow code is single-threaded): counted host by
 * host in a partition workflow, set from the children's sums in the incident workflow.
 */
final class StepProgress {
  private final StepSpec spec;
  private String state = "pending";
  private int total;
  private StepCounts counts = StepCounts.ZERO;

  StepProgress(StepSpec spec) {
    this.spec = spec;
  }

  void start() {
    state = "running";
  }

  void abort() {
    state = "aborted";
  }

  void expect(int hosts) {
    total = hosts;
  }

  void finish() {
    state = "done";
  }

  void count(HostResult result) {
    counts = counts.plus(result.outcome());
  }

  void set(StepCounts counts) {
    this.counts = counts;
  }

  StepCounts counts() {
    return counts;
  }

  boolean allSucceeded() {
    return counts.succeeded() == total;
  }

  StepStatus status() {
    int answered = counts.answered();
    String shown = "running".equals(state) && answered >= total ? "done" : state;
    return new StepStatus(spec.name(), spec.action(), shown, total, counts.succeeded(), counts.failed(),
        counts.rejected(), counts.rolledBack(), counts.unreachable(), counts.skipped(), Math.max(0, total - answered));
  }
}
