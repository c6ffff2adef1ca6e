package io.firebreak.agent.simulate;

import io.firebreak.agent.Agent;
import io.firebreak.agent.connection.AgentResources;
import io.firebreak.agent.connection.ConnectionListener;
import io.firebreak.agent.connection.ConnectionWaiter;
import io.firebreak.agent.trust.PartitionKeyFiles.TrustedKey;
import io.firebreak.agent.trust.TrustStore;
import io.firebreak.agent.verify.SignatureChecker;
import com.sun.management.UnixOperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * N simulated hosts in one process, for the demo, benchmarks and integration tests. Every host is a
 * full {@link Agent} (verification, journal, exactly-once) running the simulated executor set on
 * its own {@link SimulatedHostState}, and dials the gateway over its own channel and socket, like a
 * real host; all hosts share one Netty event loop group and one command pool. The fleet locks its
 * state directory once and its hosts' journals hold no file between writes, so a host costs one
 * file descriptor (its socket): N hosts need a limit of N plus about a hundred.
 *
 * <pre>{@code
 * try (SimulatedFleet fleet = SimulatedFleet.start(FleetOptions.builder()
 *     .gateway("localhost:7233").hosts(100).partition("p1").trustFile(keyFile)
 *     .stateDirectory(dir).build())) {
 *   fleet.awaitConnected(100, Duration.ofSeconds(10));
 *   ... run a playbook ...
 *   assertThat(fleet.totalExecutions("isolate-host")).isEqualTo(100);
 * }
 * }</pre>
 *
 * Thread-safe.
 */
public final class SimulatedFleet implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SimulatedFleet.class);
  /** File descriptors kept free for the JVM, the log and the fleet's lock. */
  private static final int FILE_DESCRIPTOR_RESERVE = 50;

  private final AgentResources resources;
  private final StateDirectoryLock lock;
  private final Map<String, Agent> agents = new LinkedHashMap<>();
  private final Map<String, SimulatedHostState> states = new LinkedHashMap<>();
  private final ConnectionWaiter waiter = new ConnectionWaiter(ConnectionListener.NONE);

  private SimulatedFleet(AgentResources resources, StateDirectoryLock lock) {
    this.resources = resources;
    this.lock = lock;
  }

  /**
   * Builds every host, opens its journal and starts dialing; returns without waiting for
   * registration (see {@link #awaitConnected}).
   *
   * @throws IOException if a trust file or a journal cannot be read, or another fleet uses the
   *     state directory
   */
  public static SimulatedFleet start(FleetOptions options) throws IOException {
    List<TrustedKey> keys = new ArrayList<>(options.trustedKeys());
    keys.addAll(TrustStore.load(options.trustFiles()).keys());
    TrustStore trust = TrustStore.of(keys);
    // One checker for all hosts: a batch signature is verified once for the process, as real
    // hosts verify it side by side (see SignatureChecker).
    SignatureChecker signatures = new SignatureChecker();
    warnIfTooFewFileDescriptors(options.hosts());
    StateDirectoryLock lock = StateDirectoryLock.acquire(options.stateDirectory());
    AgentResources resources;
    try {
      resources = AgentResources.create(options.eventLoopThreads(), options.commandThreads());
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
    SimulatedFleet fleet = new SimulatedFleet(resources, lock);
    try {
      for (int number = 1; number <= options.hosts(); number++) {
        fleet.add(options, number, trust, signatures);
      }
    } catch (IOException | RuntimeException e) {
      fleet.close();
      throw e;
    }
    fleet.agents.values().forEach(Agent::start);
    log.info("simulated fleet: {} hosts dialing {}", options.hosts(), options.gateway());
    return fleet;
  }

  /**
   * Every host holds a socket: a fleet larger than the free file descriptors leaves the last hosts
   * failing to dial (UNKNOWN, "Unable to create Channel") until others let go.
   */
  private static void warnIfTooFewFileDescriptors(int hosts) {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
      long limit = unix.getMaxFileDescriptorCount();
      long free = limit - unix.getOpenFileDescriptorCount() - FILE_DESCRIPTOR_RESERVE;
      if (hosts > free) {
        log.warn(
            "simulated fleet: {} hosts need a socket each but only {} of this process's {} file"
                + " descriptors are free; some hosts will not connect (raise ulimit -n)",
            hosts,
            Math.max(0, free),
            limit);
      }
    }
  }

  private void add(FleetOptions options, int number, TrustStore trust, SignatureChecker signatures)
      throws IOException {
    String hostId = options.hostId(number);
    SimulatedHostState state = new SimulatedHostState(hostId);
    Agent agent =
        Agent.builder()
            .gateway(options.gateway())
            .hostId(hostId)
            .partition(options.partition(number))
            .labels(options.labels(number))
            .trust(trust)
            .signatures(signatures)
            .simulated(state, options.actionLatency())
            .stateDirectory(options.stateDirectory().resolve(hostId))
            .journalSync(options.journalSync())
            .journalLock(false)
            .clock(options.clock())
            .resources(resources)
            .channels(
                options.channels() != null ? options.channels() : resources.plaintextChannels())
            .backoff(options.backoff())
            .listener(waiter)
            .build();
    agents.put(hostId, agent);
    states.put(hostId, state);
  }

  /** True once at least {@code count} hosts hold a welcomed stream; false on timeout. */
  public boolean awaitConnected(int count, Duration timeout) throws InterruptedException {
    return waiter.await(() -> connectedCount() >= count, timeout);
  }

  /** How many hosts hold a welcomed stream right now. */
  public int connectedCount() {
    return (int) agents.values().stream().filter(Agent::connected).count();
  }

  /** Every host's state, by host id, in host number order. */
  public Map<String, SimulatedHostState> hosts() {
    return Collections.unmodifiableMap(states);
  }

  /** The state of {@code hostId}. */
  public SimulatedHostState host(String hostId) {
    SimulatedHostState state = states.get(hostId);
    if (state == null) {
      throw new NoSuchElementException("no simulated host " + hostId);
    }
    return state;
  }

  /** The agent of {@code hostId} (e.g. to {@link Agent#handle} an envelope directly). */
  public Agent agent(String hostId) {
    host(hostId);
    return agents.get(hostId);
  }

  /** Drops {@code hostId}'s connection and keeps it offline until {@link #reconnect}. */
  public void disconnect(String hostId) {
    agent(hostId).disconnect();
    waiter.signal();
  }

  /** Brings {@code hostId} back online: it dials and registers again. */
  public void reconnect(String hostId) {
    agent(hostId).reconnect();
  }

  /** How many times {@code action} ran across the fleet (journal answers do not count). */
  public long totalExecutions(String action) {
    return states.values().stream().mapToLong(state -> state.executionsOfAction(action)).sum();
  }

  /** Closes every stream cleanly (in parallel, up to 5 s in all), the journals and the threads. */
  @Override
  public void close() {
    agents.values().forEach(Agent::beginClose);
    Instant deadline = Instant.now().plusSeconds(5);
    boolean interrupted = false;
    for (Agent agent : agents.values()) {
      try {
        agent.finishClose(interrupted ? Instant.now() : deadline);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    resources.close();
    try {
      lock.close();
    } catch (IOException e) {
      log.warn("could not release the lock of the fleet's state directory", e);
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
