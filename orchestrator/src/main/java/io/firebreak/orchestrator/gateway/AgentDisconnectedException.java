package io.firebreak.orchestrator.gateway;

/** The agent's stream ended before it answered a command. */
public final class AgentDisconnectedException extends RuntimeException {
  public AgentDisconnectedException(String hostId, String reason) {
    super("agent " + hostId + " disconnected before answering (" + reason + ")");
  }
}
