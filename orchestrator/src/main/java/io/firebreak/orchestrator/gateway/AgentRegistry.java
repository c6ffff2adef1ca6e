package io.firebreak.orchestrator.gateway;

/** Told when agents connect to and disconnect from this gateway. */
public interface AgentRegistry {
  void connected(AgentRegistration registration);

  void disconnected(String hostId, String gatewayId);
}
