package io.firebreak.orchestrator.gateway;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The agents connected to this gateway, by host id. Thread-safe. */
public final class AgentSessions {
  private final Map<String, AgentSession> sessions = new ConcurrentHashMap<>();

  /** The live session of {@code hostId}, or null. */
  public AgentSession get(String hostId) {
    return sessions.get(hostId);
  }

  public int size() {
    return sessions.size();
  }

  /** Adds a session; a previous session of the same host is aborted (the newer stream wins). */
  void register(AgentSession session) {
    AgentSession previous = sessions.put(session.hostId(), session);
    if (previous != null && previous != session) {
      previous.abort("replaced by a newer connection of " + session.hostId());
    }
  }

  /** Removes the session if it is still the host's current one; true if it was. */
  boolean remove(AgentSession session) {
    return sessions.remove(session.hostId(), session);
  }
}
