package io.firebreak.agent.simulate;

import io.firebreak.agent.action.ActionResult;
import io.firebreak.proto.agent.v1.Command;
import java.time.Duration;

/**
 * Simulated {@code collect-evidence}: reports a fixed, plausible snapshot (process and connection
 * counts) plus what the host state shows. Parameter {@code kinds} (optional) is echoed. Read-only
 * apart from its collection counter.
 */
final class CollectEvidence extends SimulatedAction {
  static final String TYPE = "collect-evidence";

  CollectEvidence(SimulatedHostState state, Duration latency) {
    super(TYPE, state, latency);
  }

  @Override
  ActionResult apply(Command command) {
    int collection = state.collectEvidence();
    return ActionResult.succeeded(
        "evidence collected",
        evidence(
            "kinds", command.getParametersOrDefault("kinds", "processes,connections"),
            "processes", "142",
            "connections", "17",
            "isolated", String.valueOf(state.isolated()),
            "collection", String.valueOf(collection)));
  }
}
