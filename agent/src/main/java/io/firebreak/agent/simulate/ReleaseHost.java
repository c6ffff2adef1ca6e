package io.firebreak.agent.simulate;

import io.firebreak.agent.action.ActionResult;
import io.firebreak.proto.agent.v1.Command;
import java.time.Duration;

/**
 * Simulated {@code release-host}, the inverse of isolate: clears the isolation flag. Idempotent.
 */
final class ReleaseHost extends SimulatedAction {
  static final String TYPE = "release-host";

  ReleaseHost(SimulatedHostState state, Duration latency) {
    super(TYPE, state, latency);
  }

  @Override
  ActionResult apply(Command command) {
    boolean wasIsolated = state.setIsolated(false);
    return ActionResult.succeeded(
        wasIsolated ? "host released" : "host was not isolated",
        evidence("isolated", "false", "already", String.valueOf(!wasIsolated)));
  }
}
