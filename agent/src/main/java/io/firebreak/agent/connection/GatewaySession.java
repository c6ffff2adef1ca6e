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
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code Connect} stream on its own channel: sends the Hello, waits for the Welcome, then
 * heartbeats at the Welcome's interval and answers commands. A stream with no Welcome after {@link
 * #WELCOME_TIMEOUT_MS}, or on which the gateway stays silent for {@link #SILENT_HEARTBEATS}
 * heartbeat intervals (a half-open connection), is cancelled. Writes to the request stream are
 * serialized on this object, because a StreamObserver is not thread-safe.
 */
final class GatewaySession implements ClientResponseObserver<AgentMessage, GatewayMessage> {
  static final long WELCOME_TIMEOUT_MS = 15_000;
  static final long DEFAULT_HEARTBEAT_MS = 10_000;
  static final int SILENT_HEARTBEATS = 3;

  private static final Logger log = LoggerFactory.getLogger(GatewaySession.class);

  private final String hostId;
  private final ManagedChannel channel;
  private final Executor commands;
  private final ScheduledExecutorService scheduler;
  private final Function<CommandEnvelope, CommandResult> handler;
  private final ConnectionListener listener;
  private final Runnable onWelcome;
  private final BiConsumer<GatewaySession, Status> onEnd;

  private ClientCallStreamObserver<AgentMessage> requests; // guarded by this
  private boolean closed; // guarded by this
  private ScheduledFuture<?> timer; // guarded by this
  private volatile boolean welcomed;
  private volatile long lastHeardNanos = System.nanoTime();

  GatewaySession(String hostId, ManagedChannel channel, Executor commands,
      ScheduledExecutorService scheduler, Function<CommandEnvelope, CommandResult> handler,
      ConnectionListener listener, Runnable onWelcome, BiConsumer<GatewaySession, Status> onEnd) {
    this.hostId = hostId;
    this.channel = channel;
    this.commands = commands;
    this.scheduler = scheduler;
    this.handler = handler;
    this.listener = listener;
    this.onWelcome = onWelcome;
    this.onEnd = onEnd;
  }

  ManagedChannel channel() {
    return channel;
  }

  boolean welcomed() {
    return welcomed;
  }

  @Override
  public synchronized void beforeStart(ClientCallStreamObserver<AgentMessage> requestStream) {
    requests = requestStream;
  }

  /** Sends the Hello and arms the Welcome timeout. */
  void begin(AgentMessage hello) {
    send(hello);
    schedule(() -> {
      if (!welcomed) {
        cancel("no Welcome within " + WELCOME_TIMEOUT_MS + " ms");
      }
    }, WELCOME_TIMEOUT_MS, 0);
  }

  @Override
  public void onNext(GatewayMessage message) {
    lastHeardNanos = System.nanoTime();
    switch (message.getKindCase()) {
      case WELCOME -> welcome(message.getWelcome());
      case COMMAND -> dispatch(message.getCommand());
      case HEARTBEAT_ACK -> log.trace("host {}: heartbeat acknowledged", hostId);
      default -> log.debug("host {}: ignoring gateway message {}", hostId, message.getKindCase());
    }
  }

  private void welcome(Welcome welcome) {
    if (welcomed) {
      return;
    }
    welcomed = true;
    long interval = welcome.getHeartbeatIntervalMs() > 0
        ? Math.max(50, welcome.getHeartbeatIntervalMs()) : DEFAULT_HEARTBEAT_MS;
    schedule(() -> heartbeat(interval), interval, interval);
    log.info("host {}: registered with gateway {}", hostId, welcome.getGatewayId());
    onWelcome.run();
    listener.connected(hostId, welcome);
  }

  private void dispatch(CommandEnvelope envelope) {
    try {
      commands.execute(() -> {
        CommandResult result = handler.apply(envelope);
        if (!send(AgentMessage.newBuilder().setResult(result).build())) {
          log.info("host {}: stream closed before the result of {} could be sent", hostId,
              result.getCommandId());
        }
      });
    } catch (RejectedExecutionException e) {
      log.debug("host {}: agent is shutting down; command not taken", hostId);
    }
  }

  private void heartbeat(long intervalMs) {
    long silentMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeardNanos);
    if (silentMs > SILENT_HEARTBEATS * intervalMs) {
      cancel("gateway silent for " + silentMs + " ms");
      return;
    }
    send(AgentMessage.newBuilder()
        .setHeartbeat(Heartbeat.newBuilder().setSentAtMs(System.currentTimeMillis()))
        .build());
  }

  /** Writes {@code message} unless the stream is closed; returns whether it was written. */
  synchronized boolean send(AgentMessage message) {
    if (closed || requests == null) {
      return false;
    }
    requests.onNext(message);
    return true;
  }

  /** Cancels the stream (the gateway sees it end at once). */
  void cancel(String reason) {
    ClientCallStreamObserver<AgentMessage> stream;
    synchronized (this) {
      if (closed || requests == null) {
        return;
      }
      closed = true;
      stream = requests;
    }
    log.debug("host {}: cancelling stream: {}", hostId, reason);
    stream.cancel(reason, null);
  }

  /** Half-closes the stream: the agent will send nothing more. */
  synchronized void halfClose() {
    if (!closed && requests != null) {
      closed = true;
      requests.onCompleted();
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
    synchronized (this) {
      closed = true;
      if (timer != null) {
        timer.cancel(false);
      }
    }
    if (welcomed) {
      listener.disconnected(hostId, status);
    }
    onEnd.accept(this, status);
  }

  private synchronized void schedule(Runnable task, long delayMs, long periodMs) {
    if (closed) {
      return;
    }
    if (timer != null) {
      timer.cancel(false);
    }
    try {
      timer = periodMs > 0
          ? scheduler.scheduleAtFixedRate(task, delayMs, periodMs, TimeUnit.MILLISECONDS)
          : scheduler.schedule(task, delayMs, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      log.debug("host {}: scheduler is shut down", hostId);
    }
  }
}
