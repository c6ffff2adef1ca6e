package io.firebreak.orchestrator.incident;

import java.util.Map;

/**
 * One step of an incident's plan: an action with parameters, sent in batches to agents, or run
 * once by the orchestrator itself.
 *
 * @param batchSize hosts per dispatch activity (agent steps)
 * @param hostTimeoutMs how long one host may take before it is reported unreachable (agent steps)
 * @param inverse the action that undoes this one (rollback), or null
 * @param irreversible true when the effect cannot be undone (it is marked, not rolled back)
 * @param inOrchestrator true for an action that runs once per incident in the orchestrator, on the
 *     incident's tenant targets (e.g. {@code revoke-gdap}), rather than on hosts
 */
public record StepSpec(String name, String action, Map<String, String> parameters, int batchSize,
    long hostTimeoutMs, String inverse, boolean irreversible, boolean inOrchestrator) {

  public StepSpec {
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }

  /** An agent step. */
  public StepSpec(String name, String action, Map<String, String> parameters, int batchSize, long hostTimeoutMs,
      String inverse, boolean irreversible) {
    this(name, action, parameters, batchSize, hostTimeoutMs, inverse, irreversible, false);
  }

  /** An agent step without rollback information (an action with no inverse). */
  public StepSpec(String name, String action, Map<String, String> parameters, int batchSize, long hostTimeoutMs) {
    this(name, action, parameters, batchSize, hostTimeoutMs, null, false);
  }

  /** The step that undoes this one on the hosts it succeeded on. */
  public StepSpec rollback() {
    return new StepSpec("rollback-" + name, inverse, parameters, batchSize, hostTimeoutMs, action, false);
  }
}
