package io.firebreak.orchestrator.incident;

/** Resolves a target spec against the agent registry (plans and dry runs). */
@FunctionalInterface
public interface TargetResolver {
  /** Known hosts in plan order (partition, then host id), and named hosts nobody knows. */
  ResolvedTargets resolveTargets(TargetSpec spec);
}
