package io.firebreak.agent.connection;

import io.firebreak.proto.agent.v1.AgentGatewayGrpc;
import io.firebreak.proto.agent.v1.AgentMessage;
import io.firebreak.proto.agent.v1.CommandEnvelope;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.Hello;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's session with its gateway: dials a new channel, opens the {@code Connect} stream, sends
 * the Hello, and after a stream ends re-dials with jittered exponential backoff (reset by a
 * Welcome) until stopped. Commands run in arrival order on a serial executor over the shared
 * command pool, never on the gRPC thread; each gets exactly one result on the stream it came on.
 * Thread-safe.
 */
public final class GatewayConnection {
  private static final Logger log = LoggerFactory.getLogger(GatewayConnection.class);

  private final String target;
  private final Hello hello;
  private final ChannelFactory channels;
  private final ScheduledExecutorService scheduler;
  private final Backoff backoff;
  private final SessionContext context;

  private boolean running; // guarded by this
  private GatewaySession session; // guarded by this
  private ScheduledFuture<?> pendingReconnect; // guarded by this
  private volatile ManagedChannel lastChannel;
  private boolean failureReported; // guarded by this

  /**
   * @param handler turns an envelope into its result; called off the gRPC thread, one at a time
   */
  public GatewayConnection(
      String target,
      Hello hello,
      Function<CommandEnvelope, CommandResult> handler,
      ChannelFactory channels,
      AgentResources resources,
      Backoff.Policy backoffPolicy,
      ConnectionListener listener) {
    this.target = target;
    this.hello = hello;
    this.channels = channels;
    this.scheduler = resources.scheduler();
    this.backoff = new Backoff(backoffPolicy);
    Executor commands = new SerialExecutor(resources.commandExecutor());
    this.context =
        new SessionContext(
            hello.getHostId(), handler, commands, scheduler, listener, backoff::reset);
  }

  /** Starts dialing (again, after {@link #disconnect}); does nothing if already running. */
  public synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    backoff.reset();
    open();
  }

  /** True while a stream is open and the gateway has welcomed this host on it. */
  public synchronized boolean connected() {
    return session != null && session.live();
  }

  /**
   * Sends a heartbeat on the live stream and waits for its acknowledgement.
   *
   * @return the round-trip time
   * @throws IOException if no stream is live, it ends, or no acknowledgement comes in time
   */
  public Duration roundTrip(Duration timeout) throws IOException, InterruptedException {
    GatewaySession current;
    synchronized (this) {
      current = session;
    }
    if (current == null || !current.live()) {
      throw new IOException("no live stream to gateway " + target);
    }
    return current.roundTrip(timeout);
  }

  /** Drops the stream and socket at once (like a host going offline) and stops reconnecting. */
  public void disconnect() {
    GatewaySession dropped = halt();
    if (dropped != null) {
      dropped.writer().cancel("host disconnected");
      dropped.channel().shutdownNow();
    }
  }

  /** Half-closes the stream and stops reconnecting; finish with {@link #awaitClosed}. */
  public void beginClose() {
    GatewaySession closing = halt();
    if (closing != null) {
      closing.writer().halfClose();
      closing.channel().shutdown();
    }
  }

  /** Waits until {@code deadline} for the channel to close, then forces it. */
  public void awaitClosed(Instant deadline) throws InterruptedException {
    ManagedChannel channel = lastChannel;
    if (channel == null) {
      return;
    }
    long remaining = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
    try {
      channel.awaitTermination(remaining, TimeUnit.MILLISECONDS);
    } finally {
      channel.shutdownNow();
    }
  }

  private synchronized GatewaySession halt() {
    running = false;
    if (pendingReconnect != null) {
      pendingReconnect.cancel(false);
      pendingReconnect = null;
    }
    GatewaySession current = session;
    session = null;
    return current;
  }

  private synchronized void open() {
    ManagedChannel channel = channels.open(target);
    lastChannel = channel;
    GatewaySession opened = new GatewaySession(context, channel, this::ended);
    session = opened;
    AgentGatewayGrpc.newStub(channel).connect(opened);
    opened.begin(AgentMessage.newBuilder().setHello(hello).build());
  }

  private synchronized void ended(GatewaySession ended, Status status) {
    ended.channel().shutdownNow();
    if (ended != session) {
      return;
    }
    session = null;
    if (!running) {
      return;
    }
    Duration delay = backoff.nextDelay();
    // Report a lost stream and the first failed dial; repeated failures only at debug level, so a
    // fleet waiting for its gateway does not flood the log.
    boolean report = ended.welcomed() || !failureReported;
    failureReported = !ended.welcomed();
    String message = "host {}: stream to {} ended ({}); reconnecting in {} ms";
    if (report) {
      log.info(message, hello.getHostId(), target, StatusText.describe(status), delay.toMillis());
    } else {
      log.debug(message, hello.getHostId(), target, StatusText.describe(status), delay.toMillis());
    }
    try {
      pendingReconnect =
          scheduler.schedule(this::reconnect, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      running = false;
    }
  }

  private synchronized void reconnect() {
    pendingReconnect = null;
    if (running && session == null) {
      open();
    }
  }
}
