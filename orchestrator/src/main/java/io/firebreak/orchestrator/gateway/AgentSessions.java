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

  /**
   * Adds a session; a previous session of the same host is aborted (the newer stream wins). {@code
   * announce} runs while the host's entry is locked, as does the one given to {@link #remove}, so
   * what is announced about a host follows the order its sessions came and went in; it must be
   * quick (queue something, never block).
   */
  void register(AgentSession session, Runnable announce) {
    AgentSession[] previous = new AgentSession[1];
    sessions.compute(session.hostId(), (host, current) -> {
      previous[0] = current;
      announce.run();
      return session;
    });
    if (previous[0] != null && previous[0] != session) {
      previous[0].abort("replaced by a newer connection of " + session.hostId());
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

  /**
   * Removes the session if it is still the host's current one, running {@code announce} while the
   * host's entry is locked (see {@link #register}); true if it was.
   */
  boolean remove(AgentSession session, Runnable announce) {
    boolean[] removed = new boolean[1];
    sessions.computeIfPresent(session.hostId(), (host, current) -> {
      if (current != session) {
        return current;
      }
      removed[0] = true;
      announce.run();
      return null;
    });
    return removed[0];
  }
}
