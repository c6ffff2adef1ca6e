package io.firebreak.orchestrator.incident;

import java.util.ArrayList;
import java.util.List;

/**
 * Consecutive steps of an incident that execute the same way: steps that run on hosts, which go
 * through the waves together (waves outermost), or a single step that runs in the orchestrator,
 * once. A playbook whose steps all run on hosts is one run of all its steps.
 *
 * @param from index of the first step
 * @param to index after the last step
 */
record StepRun(int from, int to, boolean inOrchestrator) {

  /** The runs of {@code steps}, in order; together they cover every step once. */
  static List<StepRun> of(List<StepSpec> steps) {
    List<StepRun> runs = new ArrayList<>();
    int from = 0;
    while (from < steps.size()) {
      if (steps.get(from).inOrchestrator()) {
        runs.add(new StepRun(from, from + 1, true));
        from++;
        continue;
      }
      int to = from;
      while (to < steps.size() && !steps.get(to).inOrchestrator()) {
        to++;
      }
      runs.add(new StepRun(from, to, false));
      from = to;
    }
    return runs;
  }
}
