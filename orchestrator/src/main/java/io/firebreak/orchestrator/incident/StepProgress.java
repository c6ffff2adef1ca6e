package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.HostResult;

/** Mutable per-step counts inside the workflow (workflow code is single-threaded). */
final class StepProgress {
  private final StepSpec spec;
  private String state = "pending";
  private int total;
  private int succeeded;
  private int failed;
  private int rejected;
  private int rolledBack;
  private int unreachable;
  private int skipped;

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
    switch (result.outcome()) {
      case SUCCEEDED -> succeeded++;
      case FAILED -> failed++;
      case REJECTED -> rejected++;
      case ROLLED_BACK -> rolledBack++;
      case UNREACHABLE -> unreachable++;
      case SKIPPED -> skipped++;
    }
  }

  boolean allSucceeded() {
    return succeeded == total;
  }

  StepStatus status() {
    int answered = succeeded + failed + rejected + rolledBack + unreachable + skipped;
    String shown = "running".equals(state) && answered >= total ? "done" : state;
    return new StepStatus(spec.name(), spec.action(), shown, total, succeeded, failed, rejected, rolledBack,
        unreachable, skipped, Math.max(0, total - answered));
  }
}
