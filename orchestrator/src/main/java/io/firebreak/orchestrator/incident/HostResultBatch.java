package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.HostResult;
import java.util.List;

/** Per-host results of one step that the workflow decided itself, for the incident index. */
public record HostResultBatch(String incidentId, String step, String action, long epoch, List<HostResult> results) {
  public HostResultBatch {
    results = List.copyOf(results);
  }
}
