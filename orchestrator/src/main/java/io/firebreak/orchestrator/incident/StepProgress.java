package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.HostResult;

/**
 * Mutable per-step counts inside a workflow (workflow code is single-threaded): counted host by
 * host in a partition workflow, set from the children's sums in the incident workflow, or set once
 * from the result of an orchestrator-side step.
 */
final class StepProgress {
  private final StepSpec spec;
  private String state = "pending";
  private int total;
  private StepCounts counts = StepCounts.ZERO;
  private String detail;

  StepProgress(StepSpec spec) {
    this.spec = spec;
  }

  StepSpec spec() {
    return spec;
  }

  void start() {
    state = "running";
  }

  /** Marks the step stopped early; a step that already ended keeps its state. */
  void abort() {
    if (!"done".equals(state) && !"failed".equals(state)) {
      state = "aborted";
    }
  }

  void expect(int hosts) {
    total = hosts;
  }

  void finish() {
    state = "done";
  }

  /** An orchestrator-side step that ended with {@code total} units counted in {@code counts}. */
  void finish(int total, StepCounts counts, String detail) {
    this.total = total;
    this.counts = counts;
    this.detail = detail;
    state = "done";
  }

  /** An orchestrator-side step that could not act at all. */
  void fail(String why) {
    detail = why;
    state = "failed";
  }

  void count(HostResult result) {
    counts = counts.plus(result.outcome());
  }

  /** {@code hosts} more hosts succeeded (not listed one by one, see {@code DispatchResult}). */
  void countSucceeded(int hosts) {
    counts = counts.plus(new StepCounts(hosts, 0, 0, 0, 0, 0));
  }

  void set(StepCounts counts) {
    this.counts = counts;
  }

  StepCounts counts() {
    return counts;
  }

  boolean allSucceeded() {
    return counts.succeeded() == total && !"failed".equals(state);
  }

  StepStatus status() {
    int answered = counts.answered();
    // An orchestrator-side step learns its total only when it ends: it is not done before that.
    String shown = "running".equals(state) && answered >= total && !spec.inOrchestrator() ? "done" : state;
    return new StepStatus(spec.name(), spec.action(), shown, total, counts.succeeded(), counts.failed(),
        counts.rejected(), counts.rolledBack(), counts.unreachable(), counts.skipped(), Math.max(0, total - answered),
        detail);
  }
}
