package io.firebreak.orchestrator.gateway;

import java.util.List;

/** Told when agents connect to and disconnect from this gateway. */
public interface AgentRegistry {
  void connected(AgentRegistration registration);

  void disconnected(String hostId, String gatewayId);

  /** One change to the registry, in arrival order. */
  sealed interface Update permits Connected, Disconnected {}

  record Connected(AgentRegistration registration) implements Update {}

  record Disconnected(String hostId, String gatewayId) implements Update {}

  /**
   * Applies {@code updates} in order. Stores override it to write them in one transaction (10,000
   * agents reconnecting after a gateway restart must not mean 10,000 commits).
   */
  default void applyAll(List<Update> updates) {
    for (Update update : updates) {
      if (update instanceof Connected connected) {
        connected(connected.registration());
      } else if (update instanceof Disconnected disconnected) {
        disconnected(disconnected.hostId(), disconnected.gatewayId());
      }
    }
  }
}
