package io.firebreak.agent;

import io.firebreak.agent.action.ActionContext;
import io.firebreak.agent.action.ActionRegistry;
import io.firebreak.agent.action.DurableAction;
import io.firebreak.agent.command.CommandProcessor;
import io.firebreak.agent.connection.AgentResources;
import io.firebreak.agent.connection.ConnectionWaiter;
import io.firebreak.agent.connection.GatewayConnection;
import io.firebreak.agent.journal.CommandJournal;
import io.firebreak.proto.agent.v1.CommandEnvelope;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.Hello;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's agent: its command processor (verify, de-duplicate through the journal, execute) and
 * its connection to a gateway. Build with {@link #builder()}; {@link #start()} recovers durable
 * action effects (see {@link DurableAction}) and dials the gateway, {@link #handle} processes an
 * envelope directly (tests, benchmarks), {@link #close()} closes the stream cleanly and the
 * journal. Thread-safe.
 */
public final class Agent implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Agent.class);

  private final Hello hello;
  private final CommandProcessor processor;
  private final CommandJournal journal;
  private final GatewayConnection connection;
  private final AgentResources ownedResources;
  private final ConnectionWaiter waiter;
  private final ActionRegistry actions;
  private final ActionContext context;
  private final AtomicBoolean recovered = new AtomicBoolean();

  Agent(
      Hello hello, CommandProcessor processor, CommandJournal journal, AgentBuilder.Wiring wiring) {
    this.hello = hello;
    this.processor = processor;
    this.journal = journal;
    this.ownedResources = wiring.ownedResources();
    this.waiter = new ConnectionWaiter(wiring.listener());
    this.actions = wiring.actions();
    this.context = wiring.context();
    this.connection =
        wiring.target() == null
            ? null
            : new GatewayConnection(
                wiring.target(),
                hello,
                processor::process,
                wiring.channels(),
                wiring.resources(),
                wiring.backoff(),
                waiter);
    if (connection != null) {
      wiring.link().bind(connection);
    }
  }

  /** A builder; host id, partition, trust and state directory are required. */
  public static AgentBuilder builder() {
    return new AgentBuilder();
  }

  /** The registration this agent sends (host, partition, labels, capabilities, keys...). */
  public Hello hello() {
    return hello;
  }

  public String hostId() {
    return hello.getHostId();
  }

  /**
   * Verifies, de-duplicates and executes one envelope, exactly as if it came from the gateway.
   * Always returns one result with this host's id; never throws for a bad envelope.
   */
  public CommandResult handle(CommandEnvelope envelope) {
    return processor.process(envelope);
  }

  /**
   * On the first call, lets every {@link DurableAction} recover its effect; then dials the gateway
   * and keeps reconnecting until {@link #disconnect} or {@link #close}.
   */
  public void start() {
    GatewayConnection gateway = requireConnection();
    recoverDurableActions();
    gateway.start();
  }

  /**
   * Lets every {@link DurableAction} compare the host with its persisted state (once per agent). A
   * failure is logged, never thrown: the agent must connect anyway so the host stays manageable.
   */
  public void recoverDurableActions() {
    if (!recovered.compareAndSet(false, true)) {
      return;
    }
    for (var action : actions.actions()) {
      if (action instanceof DurableAction durable) {
        try {
          durable.recover(context);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          log.warn("host {}: interrupted while recovering {}", hostId(), action.type());
          return;
        } catch (Exception e) {
          log.error(
              "host {}: recovering the effect of {} failed: {}",
              hostId(),
              action.type(),
              e.getMessage(),
              e);
        }
      }
    }
  }

  /** True while the gateway has welcomed this host on an open stream. */
  public boolean connected() {
    return connection != null && connection.connected();
  }

  /** Waits until the gateway has welcomed this host; false on timeout. */
  public boolean awaitConnected(Duration timeout) throws InterruptedException {
    return waiter.await(this::connected, timeout);
  }

  /** Drops the connection at once (like a host going offline) and stops reconnecting. */
  public void disconnect() {
    requireConnection().disconnect();
  }

  /** Starts dialing again after {@link #disconnect}. */
  public void reconnect() {
    requireConnection().start();
  }

  /**
   * Half-closes the stream and stops reconnecting; {@link #finishClose} completes the close. Lets a
   * fleet close thousands of streams in parallel.
   */
  public void beginClose() {
    if (connection != null) {
      connection.beginClose();
    }
  }

  /** Waits for the channel until {@code deadline}, then closes the journal and owned threads. */
  public void finishClose(Instant deadline) throws InterruptedException {
    try {
      if (connection != null) {
        connection.awaitClosed(deadline);
      }
    } finally {
      try {
        journal.close();
      } catch (IOException e) {
        log.warn("host {}: closing the journal failed", hostId(), e);
      }
      if (ownedResources != null) {
        ownedResources.close();
      }
    }
  }

  /** Closes the stream cleanly (waiting up to 2 s for the gateway), then the journal. */
  @Override
  public void close() throws InterruptedException {
    beginClose();
    finishClose(Instant.now().plusSeconds(2));
  }

  private GatewayConnection requireConnection() {
    if (connection == null) {
      throw new IllegalStateException("agent " + hostId() + " was built without a gateway");
    }
    return connection;
  }
}
