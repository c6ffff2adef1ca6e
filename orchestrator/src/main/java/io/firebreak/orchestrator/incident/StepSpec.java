package io.firebreak.orchestrator.incident;

import java.util.Map;

/**
 * One step of an incident's plan: an action with parameters, sent in batches.
 *
 * @param batchSize hosts per dispatch activity
 * @param hostTimeoutMs how long one host may take before it is reported unreachable
 */
public record StepSpec(
    String name, String action, Map<String, String> parameters, int batchSize, long hostTimeoutMs) {

  public StepSpec {
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }
}
