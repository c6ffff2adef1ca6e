package io.firebreak.agent.simulate;

import io.firebreak.agent.action.ActionResult;
import io.firebreak.proto.agent.v1.Command;
import java.time.Duration;

/**
 * Simulated {@code rotate-credential}: counts a rotation of the credential named by parameter
 * {@code credential} (required; a name such as {@code ssh:root}, never a secret). Irreversible.
 */
final class RotateCredential extends SimulatedAction {
  static final String TYPE = "rotate-credential";

  RotateCredential(SimulatedHostState state, Duration latency) {
    super(TYPE, state, latency);
  }

  @Override
  ActionResult apply(Command command) {
    String credential = command.getParametersOrDefault("credential", "");
    if (credential.isEmpty()) {
      return missing("credential");
    }
    int rotation = state.rotateCredential();
    return ActionResult.succeeded(
        "credential " + credential + " rotated",
        evidence("credential", credential, "rotations", String.valueOf(rotation)));
  }
}
