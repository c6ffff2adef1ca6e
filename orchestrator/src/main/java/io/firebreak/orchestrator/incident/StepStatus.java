package io.firebreak.orchestrator.incident;

/**
 * Per-host outcome counts of one step. {@code pending} is hosts not yet answered. For a step that
 * runs in the orchestrator (e.g. {@code revoke-gdap}) the units are the tenant-side objects it
 * acted on (delegated admin relationships, and named customers without one) instead of hosts.
 *
 * @param state "pending", "running", "done", "aborted" or "failed"
 * @param detail what an orchestrator-side step did or why it failed, for responders; null for
 *     agent steps
 */
public record StepStatus(
    String name,
    String action,
    String state,
    int total,
    int succeeded,
    int failed,
    int rejected,
    int rolledBack,
    int unreachable,
    int skipped,
    int pending,
    String detail) {

  /** The status of an agent step (no detail). */
  public StepStatus(String name, String action, String state, int total, int succeeded, int failed, int rejected,
      int rolledBack, int unreachable, int skipped, int pending) {
    this(name, action, state, total, succeeded, failed, rejected, rolledBack, unreachable, skipped, pending, null);
  }
}
