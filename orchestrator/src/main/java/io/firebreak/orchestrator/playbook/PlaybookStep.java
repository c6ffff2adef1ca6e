package io.firebreak.orchestrator.playbook;

import io.firebreak.orchestrator.incident.StepSpec;
import java.time.Duration;
import java.util.Map;

/**
 * One step of a playbook: an action with parameters, sent to hosts in batches with a per-host
 * timeout, or (for an action that runs in the orchestrator) run once per incident.
 */
public record PlaybookStep(String name, String action, Map<String, String> parameters, int batchSize, Duration hostTimeout) {
  public static final int DEFAULT_BATCH_SIZE = 100;
  public static final Duration DEFAULT_HOST_TIMEOUT = Duration.ofSeconds(30);

  public PlaybookStep {
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }

  /** True when the action runs in the orchestrator, once per incident, rather than on hosts. */
  public boolean inOrchestrator() {
    return ActionCatalog.find(action).map(info -> info.where() == ActionCatalog.Location.ORCHESTRATOR).orElse(false);
  }

  public StepSpec toSpec() {
    ActionCatalog.ActionInfo info = ActionCatalog.find(action).orElseThrow();
    if (info.where() == ActionCatalog.Location.ORCHESTRATOR) {
      return new StepSpec(name, action, parameters, 0, 0, info.inverse(), info.irreversible(), true);
    }
    return new StepSpec(name, action, parameters, batchSize, hostTimeout.toMillis(), info.inverse(), info.irreversible());
  }
}
