package io.firebreak.orchestrator.playbook;

import io.firebreak.orchestrator.incident.StepSpec;
import java.time.Duration;
import java.util.Map;

/** One step of a playbook: an action with parameters, sent in batches with a per-host timeout. */
public record PlaybookStep(String name, String action, Map<String, String> parameters, int batchSize, Duration hostTimeout) {
  public static final int DEFAULT_BATCH_SIZE = 100;
  public static final Duration DEFAULT_HOST_TIMEOUT = Duration.ofSeconds(30);

  public PlaybookStep {
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }

  public StepSpec toSpec() {
    ActionCatalog.ActionInfo info = ActionCatalog.find(action).orElseThrow();
    return new StepSpec(name, action, parameters, batchSize, hostTimeout.toMillis(), info.inverse(), info.irreversible());
  }
}
