package io.firebreak.orchestrator.gateway;

import io.firebreak.agent.verify.BatchSignatures;
import io.firebreak.proto.agent.v1.AgentGatewayGrpc;
import io.firebreak.proto.agent.v1.AgentMessage;
import io.firebreak.proto.agent.v1.GatewayMessage;
import io.firebreak.proto.agent.v1.Hello;
import io.firebreak.proto.agent.v1.HeartbeatAck;
import io.firebreak.proto.agent.v1.Welcome;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway side of {@code AgentGateway.Connect}: checks the Hello, holds the session, answers
 * heartbeats, routes results. Registry updates run on their own single thread, in order, so a
 * slow database never blocks the gRPC threads. A host's updates are queued while {@link
 * AgentSessions} holds its entry, so they reach the registry in the order its sessions came and
 * went: a late disconnect of an old stream never overwrites the connect of a newer one.
 */
public final class AgentGatewayService extends AgentGatewayGrpc.AgentGatewayImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(AgentGatewayService.class);
  static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(15);

  private final String gatewayId;
  private final Set<String> partitions;
  private final AgentSessions sessions;
  private final AgentRegistry registry;
  private final ExecutorService registryUpdates;
  private static final int REGISTRY_BATCH = 1_000;
  /** Tries a failing registry write this many times (about 30 s in all) before dropping it. */
  static final int REGISTRY_ATTEMPTS = 10;
  private final java.util.concurrent.ConcurrentLinkedQueue<AgentRegistry.Update> pendingUpdates =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final Clock clock;
  private volatile long lastRegistryWarning;

  public AgentGatewayService(String gatewayId, Set<String> partitions, AgentSessions sessions,
      AgentRegistry registry, ExecutorService registryUpdates, Clock clock) {
    this.gatewayId = gatewayId;
    this.partitions = Set.copyOf(partitions);
    this.sessions = sessions;
    this.registry = registry;
    this.registryUpdates = registryUpdates;
    this.clock = clock;
  }

  @Override
  public StreamObserver<AgentMessage> connect(StreamObserver<GatewayMessage> stream) {
    return new StreamObserver<>() {
      private AgentSession session;
      private boolean refused;

      @Override
      public void onNext(AgentMessage message) {
        if (refused) {
          return;
        }
        if (session == null) {
          session = open(message, stream);
          refused = session == null;
          return;
        }
        switch (message.getKindCase()) {
          case RESULT -> session.complete(message.getResult());
          case HEARTBEAT -> session.write(GatewayMessage.newBuilder()
              .setHeartbeatAck(HeartbeatAck.newBuilder().setSentAtMs(message.getHeartbeat().getSentAtMs()))
              .build());
          default -> LOG.warn("Ignoring a second {} from {}", message.getKindCase(), session.hostId());
        }
      }

      @Override
      public void onError(Throwable error) {
        close("stream failed: " + Status.fromThrowable(error).getCode());
      }

      @Override
      public void onCompleted() {
        close("agent closed the stream");
        if (!refused) {
          synchronized (stream) {
            stream.onCompleted();
          }
        }
      }

      private void close(String reason) {
        if (session == null) {
          return;
        }
        session.closed(reason);
        unregister(session);
      }
    };
  }

  private AgentSession open(AgentMessage message, StreamObserver<GatewayMessage> stream) {
    if (!message.hasHello()) {
      return refuse(stream, Status.INVALID_ARGUMENT, "the first message on the stream must be a Hello");
    }
    Hello hello = message.getHello();
    if (hello.getHostId().isBlank()) {
      return refuse(stream, Status.INVALID_ARGUMENT, "Hello.host_id is empty");
    }
    if (!partitions.contains(hello.getPartition())) {
      return refuse(stream, Status.PERMISSION_DENIED, "partition '" + hello.getPartition()
          + "' is not served by gateway " + gatewayId + " (serves " + partitions + ")");
    }
    AgentRegistration registration = new AgentRegistration(hello.getHostId(), hello.getPartition(),
        hello.getLabelsMap(), List.copyOf(hello.getCapabilitiesList()), hello.getAgentVersion(),
        hello.getSimulated(), gatewayId, clock.millis());
    AgentSession session = new AgentSession(registration, stream,
        hello.getFeaturesList().contains(BatchSignatures.FEATURE));
    sessions.register(session, () -> pendingUpdates.add(new AgentRegistry.Connected(registration)));
    applyPendingUpdates();
    try {
      session.write(GatewayMessage.newBuilder().setWelcome(Welcome.newBuilder()
              .setGatewayId(gatewayId)
              .setHeartbeatIntervalMs(HEARTBEAT_INTERVAL.toMillis())
              .setServerTimeMs(clock.millis()))
          .build());
    } catch (RuntimeException e) {
      // Typically the agent cancelled the call already. The caller never gets this session, so
      // its close() would not find it: take it out here, or it would stay "connected" until the
      // host reconnects.
      LOG.info("Could not welcome {}: {}", hello.getHostId(), e.getMessage());
      session.abort("could not send the Welcome: " + e.getMessage());
      unregister(session);
      return null;
    }
    return session;
  }

  /** Takes the session out if it is still its host's current one, and queues the disconnect. */
  private void unregister(AgentSession session) {
    if (sessions.remove(session,
        () -> pendingUpdates.add(new AgentRegistry.Disconnected(session.hostId(), gatewayId)))) {
      applyPendingUpdates();
    }
  }

  /**
   * Has the single registry thread apply what has queued up in {@link #pendingUpdates}, in order,
   * up to {@link #REGISTRY_BATCH} at a time in one call. Called once per queued update, after it
   * was queued. A failing store is retried ({@link #applyWithRetries}), never fatal.
   */
  private void applyPendingUpdates() {
    try {
      registryUpdates.execute(() -> {
        java.util.List<AgentRegistry.Update> batch = new java.util.ArrayList<>();
        AgentRegistry.Update next;
        while (batch.size() < REGISTRY_BATCH && (next = pendingUpdates.poll()) != null) {
          batch.add(next);
        }
        if (batch.isEmpty()) {
          return;
        }
        applyWithRetries(batch);
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      LOG.debug("Registry update dropped: the gateway is shutting down");
    }
  }

  /**
   * Applies {@code batch}, retrying a failing store with backoff (100 ms doubling to 5 s) up to
   * {@link #REGISTRY_ATTEMPTS} times: later updates wait behind it, so the order per host holds.
   * A batch that still fails is dropped with an error (those hosts' rows stay stale until they
   * reconnect); a shutdown stops the retries.
   */
  private void applyWithRetries(java.util.List<AgentRegistry.Update> batch) {
    long delayMs = 100;
    for (int attempt = 1; ; attempt++) {
      try {
        registry.applyAll(batch);
        return;
      } catch (RuntimeException e) {
        if (attempt >= REGISTRY_ATTEMPTS) {
          LOG.error("Dropped {} agent registry updates after {} attempts: {}", batch.size(), attempt, e.getMessage());
          return;
        }
        long now = clock.millis();
        if (now - lastRegistryWarning > 10_000) {
          lastRegistryWarning = now;
          LOG.warn("Could not update the agent registry (attempt {}, retrying): {}", attempt, e.getMessage());
        }
      }
      try {
        Thread.sleep(delayMs);
      } catch (InterruptedException shuttingDown) {
        Thread.currentThread().interrupt();
        LOG.debug("Registry update dropped: the gateway is shutting down");
        return;
      }
      delayMs = Math.min(delayMs * 2, 5_000);
    }
  }

  /** Ends the stream with {@code status}; returns null (no session). */
  private static AgentSession refuse(StreamObserver<GatewayMessage> stream, Status status, String reason) {
    LOG.warn("Refused an agent: {}", reason);
    synchronized (stream) {
      stream.onError(status.withDescription(reason).asRuntimeException());
    }
    return null;
  }
}
