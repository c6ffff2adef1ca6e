package io.firebreak.orchestrator.gateway;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The agents connected to this gateway, by host id, and who is waiting for a host to (re)connect.
 * Thread-safe.
 */
public final class AgentSessions {
  private final Map<String, AgentSession> sessions = new ConcurrentHashMap<>();
  private final Map<String, List<CompletableFuture<AgentSession>>> waiting = new ConcurrentHashMap<>();

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
    List<CompletableFuture<AgentSession>> waiters = waiting.remove(session.hostId());
    if (waiters != null) {
      waiters.forEach(waiter -> waiter.complete(session));
    }
  }

  /**
   * Completes with the host's session as soon as it is connected (at once if it is). Call {@link
   * #forget} when giving up, so abandoned waits do not accumulate.
   */
  public CompletableFuture<AgentSession> whenConnected(String hostId) {
    CompletableFuture<AgentSession> waiter = new CompletableFuture<>();
    waiting.computeIfAbsent(hostId, host -> new CopyOnWriteArrayList<>()).add(waiter);
    AgentSession current = sessions.get(hostId);
    if (current != null) {
      forget(hostId, waiter);
      waiter.complete(current);
    }
    return waiter;
  }

  /** Stops waiting for {@code hostId} on behalf of {@code waiter}. */
  public void forget(String hostId, CompletableFuture<AgentSession> waiter) {
    waiting.computeIfPresent(hostId, (host, waiters) -> {
      waiters.remove(waiter);
      return waiters.isEmpty() ? null : waiters;
    });
  }

  /** Removes the session if it is still the host's current one; true if it was. */
  boolean remove(AgentSession session) {
    return sessions.remove(session.hostId(), session);
  }
}
