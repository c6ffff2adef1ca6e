package io.firebreak.agent;

import io.firebreak.agent.action.GatewayLink;
import io.firebreak.agent.connection.GatewayConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * One agent's {@link GatewayLink}: created before the agent's connection (the action context needs
 * it first) and bound to the connection once the agent has one. Thread-safe.
 */
final class AgentGatewayLink implements GatewayLink {
  private final String target;
  private volatile GatewayConnection connection;

  AgentGatewayLink(String target) {
    this.target = target;
  }

  void bind(GatewayConnection connection) {
    this.connection = connection;
  }

  @Override
  public Optional<String> target() {
    return Optional.ofNullable(target);
  }

  @Override
  public Duration roundTrip(Duration timeout) throws IOException, InterruptedException {
    GatewayConnection bound = connection;
    if (bound == null) {
      throw new IOException("this agent has no gateway connection");
    }
    return bound.roundTrip(timeout);
  }
}
