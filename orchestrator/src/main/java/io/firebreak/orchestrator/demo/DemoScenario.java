package io.firebreak.orchestrator.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.agent.simulate.FleetOptions;
import io.firebreak.agent.simulate.SimulatedFleet;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The demo: an orchestrator on embedded defaults in a temporary data directory, simulated hosts
 * in partitions {@code blue} and {@code green} (each with its own gRPC connection), a detection
 * alert that triggers {@code contain-outbreak}, the incident followed to completion, the effect
 * checked on the hosts themselves, and a repeated alert that joins the same incident.
 */
final class DemoScenario implements AutoCloseable {
  private static final List<String> PARTITIONS = List.of("blue", "green");
  private static final Duration INCIDENT_DEADLINE = Duration.ofMinutes(2);

  private final int hostCount;
  private final PrintStream out;
  private Path dataDir;
  private String apiUrl;
  private String token;
  private SimulatedFleet fleet;

  DemoScenario(int hostCount, PrintStream out) {
    this.hostCount = hostCount;
    this.out = out;
  }

  String apiUrl() {
    return apiUrl;
  }

  String token() {
    return token;
  }

  /** Runs the scenario; true when every check passed. */
  boolean run() throws Exception {
    LocalOrchestrator orchestrator = startOrchestrator();
    ApiClient api = new ApiClient(URI.create(apiUrl()), token);
    out.printf("Orchestrator up: API %s, gateway %s, data %s%n", apiUrl(), orchestrator.gatewayTarget(), dataDir);

    fleet = SimulatedFleet.start(FleetOptions.builder()
        .gateway(orchestrator.gatewayTarget())
        .hosts(hostCount)
        .hostIdPrefix("web")
        .partitions(PARTITIONS)
        .labels(Map.of("role", "web", "env", "demo"))
        .trustFiles(PARTITIONS.stream().map(orchestrator::trustFile).toList())
        .stateDirectory(dataDir.resolve("agents"))
        .build());
    if (!fleet.awaitConnected(hostCount, Duration.ofSeconds(60)) || !awaitRegistered(api)) {
      out.println("FAIL: the simulated hosts did not all register");
      return false;
    }
    out.printf("%d simulated hosts connected (%s), each over its own gRPC connection%n", hostCount, PARTITIONS);

    Map<String, Object> alert = Map.of(
        "type", "lateral-movement", "severity", "critical", "source", "ids-zeek",
        "host", "web-0001", "partition", "blue",
        "title", "SMB lateral movement from web-0001 towards the web tier");
    Instant sent = Instant.now();
    ApiClient.Reply reply = api.post("/api/v1/alerts", alert);
    if (reply.status() != 202 || reply.body().path("incidents").size() != 1) {
      out.println("FAIL: alert not accepted: " + reply.status() + " " + reply.body());
      return false;
    }
    String incidentId = reply.body().path("incidents").get(0).path("incidentId").asText();
    out.printf("Alert %s -> incident %s (playbook contain-outbreak)%n", reply.body().path("alertId").asText(), incidentId);
    // The detector fires again while the response runs: it must join, not start a second response.
    JsonNode repeat = api.post("/api/v1/alerts", alert).body().path("incidents").path(0);
    boolean joinedSame = repeat.path("joined").asBoolean() && incidentId.equals(repeat.path("incidentId").asText());
    out.printf("Same alert again -> %s incident %s%n",
        joinedSame ? "joined" : "DID NOT JOIN", repeat.path("incidentId").asText());

    JsonNode incident = DemoReport.follow(api, incidentId, INCIDENT_DEADLINE, out);
    Duration alertToLastResult = DemoReport.alertToLastResult(incident, sent);
    DemoReport.printSummary(incident, alertToLastResult, out);

    boolean ok = "completed".equals(incident.path("state").asText());
    ok &= DemoReport.checkHosts(fleet, hostCount, out);

    return ok && joinedSame;
  }

  private LocalOrchestrator startOrchestrator() throws Exception {
    dataDir = Files.createTempDirectory("firebreak-demo-");
    String playbooks = System.getenv().getOrDefault("FIREBREAK_PLAYBOOKS", "playbooks");
    LocalOrchestrator orchestrator = new LocalOrchestrator(dataDir, PARTITIONS).start(Path.of(playbooks), "WARN");
    apiUrl = orchestrator.apiUrl();
    token = orchestrator.adminToken();
    return orchestrator;
  }

  private boolean awaitRegistered(ApiClient api) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      if (api.connectedAgents() >= hostCount) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }

  @Override
  public void close() {
    if (fleet != null) {
      fleet.close();
    }
  }
}
