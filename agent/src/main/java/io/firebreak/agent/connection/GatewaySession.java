package io.firebreak.agent.connection;

import io.firebreak.proto.agent.v1.AgentMessage;
import io.firebreak.proto.agent.v1.CommandEnvelope;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.GatewayMessage;
import io.firebreak.proto.agent.v1.Heartbeat;
import io.firebreak.proto.agent.v1.Welcome;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code Connect} stream on its own channel: sends the Hello, waits for the Welcome, then
 * heartbeats at the Welcome's interval and answers commands on the command executor. A stream with
 * no Welcome after {@link #WELCOME_TIMEOUT_MS}, or on which the gateway stays silent for {@link
 * #SILENT_HEARTBEATS} heartbeat intervals (a half-open connection), is cancelled. {@link
 * #roundTrip} sends an extra heartbeat and waits for its acknowledgement. Thread-safe.
 */
final class GatewaySession implements ClientResponseObserver<AgentMessage, GatewayMessage> {
  static final long WELCOME_TIMEOUT_MS = 15_000;
  static final long DEFAULT_HEARTBEAT_MS = 10_000;
  static final int SILENT_HEARTBEATS = 3;

  private static final Logger log = LoggerFactory.getLogger(GatewaySession.class);

  private final SessionContext context;
  private final ManagedChannel channel;
  private final BiConsumer<GatewaySession, Status> onEnd;
  private final RequestWriter writer = new RequestWriter();
  private ScheduledFuture<?> timer; // guarded by this
  private volatile boolean welcomed;
  private volatile long lastHeardNanos = System.nanoTime();
  // Heartbeat sent_at_ms values, strictly increasing on this stream, so an acknowledgement of a
  // value proves that every heartbeat sent with a smaller or equal value made the round trip.
  private final AtomicLong lastSentAtMs = new AtomicLong();
  private final Queue<PendingRoundTrip> roundTrips = new ConcurrentLinkedQueue<>();

  /** A {@link #roundTrip} waiting for the acknowledgement of {@code sentAtMs}. */
  private record PendingRoundTrip(long sentAtMs, CompletableFuture<Void> acknowledged) {}

  GatewaySession(
      SessionContext context, ManagedChannel channel, BiConsumer<GatewaySession, Status> onEnd) {
    this.context = context;
    this.channel = channel;
    this.onEnd = onEnd;
  }

  ManagedChannel channel() {
    return channel;
  }

  RequestWriter writer() {
    return writer;
  }

  boolean welcomed() {
    return welcomed;
  }

  /** True while the stream is open and welcomed. */
  boolean live() {
    return welcomed && !writer.closed();
  }

  @Override
  public void beforeStart(ClientCallStreamObserver<AgentMessage> requestStream) {
    writer.attach(requestStream);
  }

  /** Sends the Hello and arms the Welcome timeout. */
  void begin(AgentMessage hello) {
    writer.send(hello);
    schedule(
        () -> {
          if (!welcomed) {
            writer.cancel("no Welcome within " + WELCOME_TIMEOUT_MS + " ms");
          }
        },
        WELCOME_TIMEOUT_MS,
        0);
  }

  @Override
  public void onNext(GatewayMessage message) {
    lastHeardNanos = System.nanoTime();
    switch (message.getKindCase()) {
      case WELCOME -> welcome(message.getWelcome());
      case COMMAND -> dispatch(message.getCommand());
      case HEARTBEAT_ACK -> acknowledged(message.getHeartbeatAck().getSentAtMs());
      default -> log.debug("host {}: ignoring {}", context.hostId(), message.getKindCase());
    }
  }

  private void welcome(Welcome welcome) {
    if (welcomed) {
      return;
    }
    welcomed = true;
    long interval =
        welcome.getHeartbeatIntervalMs() > 0
            ? Math.max(50, welcome.getHeartbeatIntervalMs())
            : DEFAULT_HEARTBEAT_MS;
    schedule(() -> heartbeat(interval), interval, interval);
    log.info("host {}: registered with gateway {}", context.hostId(), welcome.getGatewayId());
    context.onWelcome().run();
    context.listener().connected(context.hostId(), welcome);
  }

  private void dispatch(CommandEnvelope envelope) {
    try {
      context.commands().execute(() -> answer(envelope));
    } catch (RejectedExecutionException e) {
      log.debug("host {}: agent is shutting down; command not taken", context.hostId());
    }
  }

  private void answer(CommandEnvelope envelope) {
    CommandResult result = context.handler().apply(envelope);
    if (!writer.send(AgentMessage.newBuilder().setResult(result).build())) {
      log.info(
          "host {}: stream closed before the result of {} could be sent",
          context.hostId(),
          result.getCommandId());
    }
  }

  private void heartbeat(long intervalMs) {
    long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeardNanos);
    if (silentMs > SILENT_HEARTBEATS * intervalMs) {
      writer.cancel("gateway silent for " + silentMs + " ms");
      return;
    }
    sendHeartbeat(nextSentAtMs());
  }

  /**
   * Sends a heartbeat now and waits until the gateway acknowledges it (or a later one).
   *
   * @return the round-trip time
   * @throws IOException if the stream is closed or ends, or no acknowledgement comes in time
   */
  Duration roundTrip(Duration timeout) throws IOException, InterruptedException {
    long sentAtMs = nextSentAtMs();
    PendingRoundTrip pending = new PendingRoundTrip(sentAtMs, new CompletableFuture<>());
    roundTrips.add(pending);
    long start = System.nanoTime();
    try {
      if (!sendHeartbeat(sentAtMs)) {
        throw new IOException("the stream to the gateway is closed");
      }
      pending.acknowledged().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return Duration.ofNanos(System.nanoTime() - start);
    } catch (TimeoutException e) {
      throw new IOException(
          "no heartbeat acknowledgement from the gateway within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    } finally {
      roundTrips.remove(pending);
    }
  }

  private boolean sendHeartbeat(long sentAtMs) {
    return writer.send(
        AgentMessage.newBuilder()
            .setHeartbeat(Heartbeat.newBuilder().setSentAtMs(sentAtMs))
            .build());
  }

  private long nextSentAtMs() {
    return lastSentAtMs.updateAndGet(last -> Math.max(last + 1, System.currentTimeMillis()));
  }

  private void acknowledged(long sentAtMs) {
    log.trace("host {}: heartbeat acknowledged", context.hostId());
    for (PendingRoundTrip pending : roundTrips) {
      if (pending.sentAtMs() <= sentAtMs) {
        pending.acknowledged().complete(null);
      }
    }
  }

  @Override
  public void onError(Throwable error) {
    end(Status.fromThrowable(error));
  }

  @Override
  public void onCompleted() {
    end(Status.UNAVAILABLE.withDescription("gateway closed the stream"));
  }

  private void end(Status status) {
    writer.markClosed();
    // Registered before its heartbeat is written, so a round trip is failed here or finds the
    // writer closed.
    for (PendingRoundTrip pending : roundTrips) {
      pending
          .acknowledged()
          .completeExceptionally(
              new IOException(
                  "the stream to the gateway ended (" + StatusText.describe(status) + ")"));
    }
    synchronized (this) {
      if (timer != null) {
        timer.cancel(false);
      }
    }
    // The connection forgets this session first, so a listener sees the host as disconnected.
    onEnd.accept(this, status);
    if (welcomed) {
      context.listener().disconnected(context.hostId(), status);
    }
  }

  private synchronized void schedule(Runnable task, long delayMs, long periodMs) {
    if (writer.closed()) {
      return;
    }
    if (timer != null) {
      timer.cancel(false);
    }
    try {
      timer =
          periodMs > 0
              ? context
                  .scheduler()
                  .scheduleAtFixedRate(task, delayMs, periodMs, TimeUnit.MILLISECONDS)
              : context.scheduler().schedule(task, delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("host {}: scheduler is shut down", context.hostId());
    }
  }
}
