package io.firebreak.agent.simulate;

import io.firebreak.agent.action.ActionResult;
import io.firebreak.proto.agent.v1.Command;
import java.time.Duration;

/** Simulated {@code disable-account}: disables parameter {@code account} (required). Idempotent. */
final class DisableAccount extends SimulatedAction {
  static final String TYPE = "disable-account";

  DisableAccount(SimulatedHostState state, Duration latency) {
    super(TYPE, state, latency);
  }

  @Override
  ActionResult apply(Command command) {
    String account = command.getParametersOrDefault("account", "");
    if (account.isEmpty()) {
      return missing("account");
    }
    boolean changed = state.disableAccount(account);
    return ActionResult.succeeded(
        changed
            ? "account " + account + " disabled"
            : "account " + account + " was already disabled",
        evidence("account", account, "disabled", "true", "already", String.valueOf(!changed)));
  }
}
