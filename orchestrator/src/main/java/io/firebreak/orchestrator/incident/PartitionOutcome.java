package io.firebreak.orchestrator.incident;

import java.util.List;

/**
 * What a partition workflow did.
 *
 * @param counts one entry per step, final
 * @param problemHosts distinct hosts that failed, were rejected or unreachable in any step
 * @param stopped true when a stop request ended it before its last step
 */
public record PartitionOutcome(List<StepCounts> counts, int problemHosts, boolean stopped) {}
