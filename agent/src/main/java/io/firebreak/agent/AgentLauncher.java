package io.firebreak.agent;

import io.firebreak.agent.action.ActionRegistry;
import io.firebreak.agent.simulate.FleetOptions;
import io.firebreak.agent.simulate.SimulatedFleet;
import io.firebreak.agent.trust.TrustStore;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/** Starts what {@link AgentMain} validated and runs it until SIGTERM or SIGINT. */
final class AgentLauncher {
  private static final Logger log = LoggerFactory.getLogger(AgentLauncher.class);

  private final AgentMain options;

  AgentLauncher(AgentMain options) {
    this.options = options;
  }

  int run() throws InterruptedException {
    TrustStore trust;
    try {
      trust = TrustStore.load(options.trustFiles);
    } catch (IOException e) {
      throw options.usage("--trust: " + e.getMessage());
    }
    CountDownLatch stop = new CountDownLatch(1);
    Signal.handle(new Signal("TERM"), signal -> stop.countDown());
    Signal.handle(new Signal("INT"), signal -> stop.countDown());
    try {
      AutoCloseable running = options.simulate == null ? startAgent(trust) : startFleet();
      stop.await();
      log.info("shutting down");
      running.close();
      if (running instanceof SimulatedFleet fleet && options.simulateReport != null) {
        writeReport(fleet, options.simulateReport);
      }
      return 0;
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      log.error("agent failed: {}", e.getMessage(), e);
      options.spec.commandLine().getErr().println("firebreak-agent: " + e.getMessage());
      return 1;
    }
  }

  private AutoCloseable startAgent(TrustStore trust) throws IOException, InterruptedException {
    ActionRegistry actions = RealActions.create(
            new RealActions.Options(options.isolation, options.credentials, options.evidence));
    if (actions.types().isEmpty()) {
      log.warn(
          "host {} can perform no real action here: it registers with no capabilities and "
              + "rejects every command",
          options.hostId);
    } else {
      log.info("host {} performs {}", options.hostId, String.join(", ", actions.types()));
    }
    Agent agent =
        Agent.builder()
            .gateway(options.gateway)
            .hostId(options.hostId)
            .partition(options.partitions.get(0))
            .labels(options.labels)
            .trust(trust)
            .actions(actions)
            .stateDirectory(options.stateDirectory)
            .journalSync(options.journalSync)
            .build();
    agent.start();
    log.info(
        "host {} (partition {}) dialing {}",
        agent.hostId(),
        options.partitions.get(0),
        options.gateway);
    return agent;
  }

  /** Every execution of every simulated host: the hosts' own record, for crash tests. */
  private static void writeReport(SimulatedFleet fleet, java.nio.file.Path file) throws IOException {
    StringBuilder report = new StringBuilder();
    fleet.hosts().forEach((hostId, state) -> state.executionsByCommandId().forEach((commandId, count) ->
        report.append(hostId).append('\t').append(commandId).append('\t').append(count).append('\n')));
    java.nio.file.Path partial = file.resolveSibling(file.getFileName() + ".partial");
    java.nio.file.Files.writeString(partial, report);
    java.nio.file.Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    log.info("wrote the executions of {} simulated hosts to {}", fleet.hosts().size(), file);
  }

  private AutoCloseable startFleet() throws IOException {
    long latency = options.simulateLatencyMs == null ? 0 : options.simulateLatencyMs;
    return SimulatedFleet.start(
        FleetOptions.builder()
            .gateway(options.gateway)
            .hosts(options.simulate)
            .hostIdPrefix(options.hostIdPrefix)
            .partitions(options.partitions)
            .labels(options.labels)
            .trustFiles(options.trustFiles)
            .stateDirectory(options.stateDirectory)
            .journalSync(options.journalSync)
            .actionLatency(Duration.ofMillis(latency))
            .build());
  }
}
