package io.firebreak.orchestrator.incident;

/**
 * Per-host outcome counts of one step. {@code pending} is hosts not yet answered.
 *
 * @param state "pending", "running" or "done"
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
    int pending) {}
