package io.firebreak.orchestrator.incident;

import java.util.Map;

/**
 * One step of an incident's plan: an action with parameters, sent in batches.
 *
 * @param batchSize hosts per dispatch activity
 * @param hostTimeoutMs how long one host may take before it is reported unreachable
 * @param inverse the action that undoes this one (rollback), or null
 * @param irreversible true when the effect cannot be undone (it is marked, not rolled back)
 */
public record StepSpec(String name, String action, Map<String, String> parameters, int batchSize,
    long hostTimeoutMs, String inverse, boolean irreversible) {

  public StepSpec {
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }

  /** A step without rollback information (an action with no inverse). */
  public StepSpec(String name, String action, Map<String, String> parameters, int batchSize, long hostTimeoutMs) {
    this(name, action, parameters, batchSize, hostTimeoutMs, null, false);
  }

  /** The step that undoes this one on the hosts it succeeded on. */
  public StepSpec rollback() {
    return new StepSpec("rollback-" + name, inverse, parameters, batchSize, hostTimeoutMs, action, false);
  }
}
