package io.firebreak.agent.simulate;

import io.firebreak.agent.action.ActionResult;
import io.firebreak.proto.agent.v1.Command;
import java.time.Duration;

/**
 * Simulated {@code enable-account}, the inverse of disable: re-enables parameter {@code account}
 * (required). Idempotent.
 */
final class EnableAccount extends SimulatedAction {
  static final String TYPE = "enable-account";

  EnableAccount(SimulatedHostState state, Duration latency) {
    super(TYPE, state, latency);
  }

  @Override
  ActionResult apply(Command command) {
    String account = command.getParametersOrDefault("account", "");
    if (account.isEmpty()) {
      return missing("account");
    }
    boolean changed = state.enableAccount(account);
    return ActionResult.succeeded(
        changed ? "account " + account + " enabled" : "account " + account + " was not disabled",
        evidence("account", account, "disabled", "false", "already", String.valueOf(!changed)));
  }
}
