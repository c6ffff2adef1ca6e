package io.firebreak.agent.action;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * What an action may know about the agent running it.
 *
 * @param hostId this host's id
 * @param partition this host's partition
 * @param stateDirectory this host's private state directory (it holds the journal too)
 * @param clock the agent's clock
 * @param gateway the agent's channel to its gateway ({@link GatewayLink#NONE} without one)
 */
public record ActionContext(
    String hostId, String partition, Path stateDirectory, Clock clock, GatewayLink gateway) {

  public ActionContext {
    Objects.requireNonNull(gateway, "gateway");
  }

  /** A context for an agent without a gateway link. */
  public ActionContext(String hostId, String partition, Path stateDirectory, Clock clock) {
    this(hostId, partition, stateDirectory, clock, GatewayLink.NONE);
  }
}
