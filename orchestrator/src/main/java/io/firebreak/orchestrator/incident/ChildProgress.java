package io.firebreak.orchestrator.incident;

import java.util.List;

/**
 * A partition workflow's counts so far, signalled to its parent (at most once a second).
 *
 * @param childKey the child's key within its parent
 * @param counts one entry per step of the child's run, cumulative
 */
public record ChildProgress(String childKey, List<StepCounts> counts) {}
