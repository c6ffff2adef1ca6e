package io.firebreak.cli;

import io.firebreak.agent.simulate.FleetOptions;
import io.firebreak.agent.simulate.SimulatedFleet;
import io.firebreak.orchestrator.auth.ApiTokenDao;
import io.firebreak.orchestrator.auth.Roles;
import io.firebreak.orchestrator.demo.ApiClient;
import io.firebreak.orchestrator.demo.LocalOrchestrator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * One real orchestrator for all CLI integration tests in this JVM (embedded Temporal, H2, gateway,
 * REST) with simulated hosts over loopback gRPC: 10 fast web hosts ({@code web-0001..}, role=web,
 * partitions blue/green) and 8 slow db hosts ({@code db-0001..}, role=db, blue, 300 ms per
 * action). Tokens for each role are stored the way the server stores them ({@link ApiTokenDao}).
 */
final class TestServer {
  static final int WEB_HOSTS = 10;
  static final int DB_HOSTS = 8;
  private static TestServer shared;

  final LocalOrchestrator orchestrator;
  final SimulatedFleet web;
  final SimulatedFleet db;
  final String adminToken;
  final String responderToken = ApiTokenDao.newSecret();
  final String approverToken = ApiTokenDao.newSecret();
  final String triggerToken = ApiTokenDao.newSecret();
  /** Alice again, as an approver: the server must not let her approve her own runs. */
  final String aliceApproverToken = ApiTokenDao.newSecret();

  private TestServer(Path dataDir) throws Exception {
    orchestrator = new LocalOrchestrator(dataDir.resolve("server"), List.of("blue", "green"))
        .start(Path.of("src", "test", "playbooks"), "WARN");
    adminToken = orchestrator.adminToken();
    // The server's own database (in this JVM): the same url it uses.
    ApiTokenDao tokens = new ApiTokenDao(Jdbi.create(new io.firebreak.orchestrator.config.DatabaseFactory()
        .jdbcUrl(dataDir.resolve("server")), "firebreak", ""));
    tokens.create("alice", Roles.RESPONDER, responderToken, null);
    tokens.create("bob", Roles.APPROVER, approverToken, null);
    tokens.create("detector", Roles.TRIGGER, triggerToken, null);
    tokens.create("alice", Roles.APPROVER, aliceApproverToken, null);
    List<Path> trust = List.of(orchestrator.trustFile("blue"), orchestrator.trustFile("green"));
    web = SimulatedFleet.start(FleetOptions.builder()
        .gateway(orchestrator.gatewayTarget())
        .hosts(WEB_HOSTS)
        .hostIdPrefix("web")
        .partitions(List.of("blue", "green"))
        .labels(Map.of("role", "web"))
        .trustFiles(trust)
        .stateDirectory(dataDir.resolve("web-agents"))
        .build());
    db = SimulatedFleet.start(FleetOptions.builder()
        .gateway(orchestrator.gatewayTarget())
        .hosts(DB_HOSTS)
        .hostIdPrefix("db")
        .partitions(List.of("blue"))
        .labels(Map.of("role", "db"))
        .trustFiles(trust)
        .stateDirectory(dataDir.resolve("db-agents"))
        .actionLatency(Duration.ofMillis(300))
        .build());
    awaitRegistered(WEB_HOSTS + DB_HOSTS);
  }

  /** The shared server, started on first use. The JVM's exit stops it. */
  static synchronized TestServer shared() throws Exception {
    if (shared == null) {
      // Under target/, not a @TempDir: the in-JVM server keeps writing until the JVM exits.
      Path dataDir = Files.createDirectories(Path.of("target", "it-data")).resolve("cli-" + System.currentTimeMillis());
      shared = new TestServer(dataDir);
    }
    return shared;
  }

  String url() {
    return orchestrator.apiUrl();
  }

  private void awaitRegistered(int count) throws Exception {
    ApiClient api = new ApiClient(URI.create(url()), adminToken);
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      if (api.connectedAgents() >= count) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("agents did not register within 30 s");
  }
}
