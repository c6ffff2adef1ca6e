package io.firebreak.agent.simulate;

import io.firebreak.agent.action.Action;
import io.firebreak.agent.action.ActionContext;
import io.firebreak.agent.action.ActionResult;
import io.firebreak.proto.agent.v1.Command;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Base of the simulated actions: counts the execution in the host state, waits the configured
 * artificial latency, then applies the effect in memory. Evidence always says {@code
 * simulated=true}. Thread-safe if {@link #apply} is (the state is).
 */
abstract class SimulatedAction implements Action {
  private final String type;
  protected final SimulatedHostState state;
  private final Duration latency;

  SimulatedAction(String type, SimulatedHostState state, Duration latency) {
    this.type = type;
    this.state = state;
    this.latency = latency;
  }

  @Override
  public final String type() {
    return type;
  }

  @Override
  public final ActionResult execute(Command command, ActionContext context)
      throws InterruptedException {
    state.recordExecution(command.getCommandId(), type);
    if (!latency.isZero()) {
      Thread.sleep(latency.toMillis());
    }
    return apply(command);
  }

  /** Applies the effect to {@link #state}. */
  abstract ActionResult apply(Command command);

  /** Evidence starting with {@code simulated=true}, then {@code pairs} (key, value, ...). */
  static Map<String, String> evidence(String... pairs) {
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("simulated", "true");
    for (int index = 0; index + 1 < pairs.length; index += 2) {
      evidence.put(pairs[index], pairs[index + 1]);
    }
    return evidence;
  }

  /** A failed result for a missing required parameter. */
  static ActionResult missing(String parameter) {
    return ActionResult.failed("missing parameter '" + parameter + "'", evidence());
  }
}
