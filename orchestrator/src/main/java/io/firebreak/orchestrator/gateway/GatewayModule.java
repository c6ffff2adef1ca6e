package io.firebreak.orchestrator.gateway;

import io.dropwizard.core.setup.Environment;
import io.firebreak.orchestrator.FirebreakConfiguration;
import io.firebreak.orchestrator.config.GatewayFactory;
import io.firebreak.orchestrator.registry.AgentDao;
import io.firebreak.orchestrator.temporal.WorkerManager;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * This process's agent gateway, wired: partition keys, the gRPC server holding agent streams, and
 * the Temporal worker on the gateway's own task queue that runs dispatch activities.
 */
public final class GatewayModule {
  private final String gatewayId;
  private final AgentSessions sessions;
  private final CommandSigner signer;
  private final GatewayServer server;

  private GatewayModule(String gatewayId, AgentSessions sessions, CommandSigner signer, GatewayServer server) {
    this.gatewayId = gatewayId;
    this.sessions = sessions;
    this.signer = signer;
    this.server = server;
  }

  public static GatewayModule install(FirebreakConfiguration config, Environment environment, WorkerManager workers,
      AgentDao agents, ResultRecorder results, Path dataDir, GrantGuard grants) throws IOException {
    GatewayFactory settings = config.getGateway();
    String gatewayId = settings.getId();
    Clock clock = Clock.systemUTC();
    PartitionKeyStore keys = PartitionKeyStore.open(dataDir.resolve("keys"), config.getPartitions());
    CommandSigner signer = new CommandSigner(keys, Duration.ofMillis(settings.getCommandTtl().toMilliseconds()), clock);
    AgentSessions sessions = new AgentSessions();
    // Streams held by an earlier run of this gateway are gone; their agents re-register on reconnect.
    agents.disconnectAll(gatewayId);
    ExecutorService registryUpdates = environment.lifecycle().executorService("agent-registry-%d")
        .minThreads(1).maxThreads(1).build();
    AgentGatewayService service = new AgentGatewayService(gatewayId, keys.partitions(), sessions, agents,
        registryUpdates, clock);
    GatewayServer server = new GatewayServer(gatewayId, settings.getBindAddress(), settings.getPort(), service);
    environment.lifecycle().manage(server);

    Worker worker = workers.factory().newWorker(TaskQueues.gateway(gatewayId), workers.workerOptions()
        .setMaxConcurrentActivityExecutionSize(DispatchActivitiesImpl.MAX_CONCURRENT_BATCHES)
        .setMaxConcurrentActivityTaskPollers(DispatchActivitiesImpl.POLLERS)
        .build());
    worker.registerActivitiesImplementations(new DispatchActivitiesImpl(gatewayId, sessions, signer, results, clock,
        grants));
    environment.healthChecks().register("gateway", new GatewayHealthCheck(gatewayId, server::isServing, sessions::size));
    return new GatewayModule(gatewayId, sessions, signer, server);
  }

  public String gatewayId() {
    return gatewayId;
  }

  public AgentSessions sessions() {
    return sessions;
  }

  public CommandSigner signer() {
    return signer;
  }

  public GatewayServer server() {
    return server;
  }
}
