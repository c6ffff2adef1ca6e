package io.firebreak.agent.simulate;

import io.firebreak.agent.action.ActionResult;
import io.firebreak.proto.agent.v1.Command;
import java.time.Duration;

/**
 * Simulated {@code isolate-host}: marks the host isolated. Parameter {@code allow} (optional) names
 * extra destinations kept reachable besides the gateway channel. Idempotent: isolating an isolated
 * host leaves it isolated and says so in the evidence.
 */
final class IsolateHost extends SimulatedAction {
  static final String TYPE = "isolate-host";

  IsolateHost(SimulatedHostState state, Duration latency) {
    super(TYPE, state, latency);
  }

  @Override
  ActionResult apply(Command command) {
    boolean wasIsolated = state.setIsolated(true);
    String allow = command.getParametersOrDefault("allow", "");
    String rules =
        "policy drop; allow gateway channel" + (allow.isEmpty() ? "" : "; allow " + allow);
    return ActionResult.succeeded(
        wasIsolated ? "host was already isolated" : "host isolated",
        evidence("isolated", "true", "rules", rules, "already", String.valueOf(wasIsolated)));
  }
}
