package io.firebreak.agent.simulate;

import io.firebreak.agent.action.ActionResult;
import io.firebreak.proto.agent.v1.Command;
import java.time.Duration;

/**
 * Simulated {@code kill-process}: records the process named by parameter {@code pid} or {@code
 * process} (one is required) as killed.
 */
final class KillProcess extends SimulatedAction {
  static final String TYPE = "kill-process";

  KillProcess(SimulatedHostState state, Duration latency) {
    super(TYPE, state, latency);
  }

  @Override
  ActionResult apply(Command command) {
    String process =
        command.getParametersOrDefault("pid", command.getParametersOrDefault("process", ""));
    if (process.isEmpty()) {
      return missing("pid");
    }
    state.killProcess(process);
    return ActionResult.succeeded(
        "process " + process + " killed", evidence("process", process, "killed", "true"));
  }
}
