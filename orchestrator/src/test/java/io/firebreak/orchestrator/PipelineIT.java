package io.firebreak.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.agent.simulate.FleetOptions;
import io.firebreak.agent.simulate.SimulatedFleet;
import io.firebreak.orchestrator.auth.Roles;
import io.firebreak.orchestrator.demo.ApiClient;
import io.firebreak.orchestrator.demo.LocalOrchestrator;
import io.firebreak.orchestrator.gateway.AgentSession;
import io.firebreak.orchestrator.gateway.GatewayModule;
import io.firebreak.orchestrator.gdap.GdapNotConfigured;
import io.firebreak.orchestrator.incident.IncidentIds;
import io.firebreak.orchestrator.incident.IncidentState;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.Outcome;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real server (embedded Temporal, H2 file, gateway, REST) with simulated hosts over loopback
 * gRPC, each host on its own connection.
 */
class PipelineIT {
  // Under target/, not a @TempDir: the in-JVM server keeps writing until the JVM exits, so JUnit's
  // cleanup would race it. `mvn clean` removes it.
  static Path dataDir;
  static LocalOrchestrator orchestrator;
  static ApiClient api;
  static SimulatedFleet web;
  static SimulatedFleet slow;
  static SimulatedFleet app;

  @BeforeAll
  static void start() throws Exception {
    dataDir = java.nio.file.Files.createDirectories(Path.of("target", "it-data"))
        .resolve("pipeline-" + System.currentTimeMillis());
    orchestrator = new LocalOrchestrator(dataDir.resolve("server"), List.of("blue", "green"))
        .policy(Path.of("..", "policy", "policy.yaml"))
        .start(Path.of("..", "playbooks"), "WARN");
    api = new ApiClient(URI.create(orchestrator.apiUrl()), orchestrator.adminToken());
    List<Path> trust = List.of(orchestrator.trustFile("blue"), orchestrator.trustFile("green"));
    web = SimulatedFleet.start(FleetOptions.builder()
        .gateway(orchestrator.gatewayTarget())
        .hosts(50)
        .hostIdPrefix("web")
        .partitions(List.of("blue", "green"))
        .labels(Map.of("role", "web"))
        .trustFiles(trust)
        .stateDirectory(dataDir.resolve("web-agents"))
        .build());
    // Hosts whose actions take a while, so an incident is still running when we act on it.
    slow = SimulatedFleet.start(FleetOptions.builder()
        .gateway(orchestrator.gatewayTarget())
        .hosts(4)
        .hostIdPrefix("db")
        .partitions(List.of("blue"))
        .labels(Map.of("role", "db"))
        .trustFiles(trust)
        .stateDirectory(dataDir.resolve("db-agents"))
        .actionLatency(Duration.ofMillis(1500))
        .build());
    app = SimulatedFleet.start(FleetOptions.builder()
        .gateway(orchestrator.gatewayTarget())
        .hosts(3)
        .hostIdPrefix("app")
        .partitions(List.of("blue", "green"))
        .labels(Map.of("role", "app"))
        .trustFiles(trust)
        .stateDirectory(dataDir.resolve("app-agents"))
        .build());
    assertThat(web.awaitConnected(50, Duration.ofSeconds(30))).isTrue();
    assertThat(slow.awaitConnected(4, Duration.ofSeconds(30))).isTrue();
    assertThat(app.awaitConnected(3, Duration.ofSeconds(30))).isTrue();
    awaitRegistered(57);
  }

  @AfterAll
  static void stop() {
    if (web != null) {
      web.close();
    }
    if (slow != null) {
      slow.close();
    }
    if (app != null) {
      app.close();
    }
  }

  @Test
  void alert_isolatesEveryWebHostAndRecordsResults() throws Exception {
    ApiClient.Reply reply = api.post("/api/v1/alerts", Map.of(
        "type", "lateral-movement", "severity", "critical", "source", "ids-zeek",
        "host", "web-0001", "partition", "blue"));

    assertThat(reply.status()).isEqualTo(202);
    assertThat(reply.body().path("alertId").asText()).startsWith("alert-");
    JsonNode opened = reply.body().path("incidents").get(0);
    assertThat(opened.path("playbook").asText()).isEqualTo("contain-outbreak");
    assertThat(opened.path("joined").asBoolean()).isFalse();

    JsonNode incident = awaitEnd(opened.path("incidentId").asText());
    assertThat(incident.path("state").asText()).isEqualTo("completed");
    assertThat(incident.path("targetCount").asInt()).isEqualTo(50);
    assertThat(incident.path("outcomes").path("isolate.succeeded").asInt()).isEqualTo(50);
    assertThat(incident.path("hosts")).hasSize(100); // two steps × 50 hosts
    for (JsonNode host : incident.path("hosts")) {
      assertThat(host.path("outcome").asText()).isEqualTo("succeeded");
      assertThat(host.path("host").asText()).startsWith("web-");
    }
    assertThat(web.hosts().values()).allSatisfy(state -> assertThat(state.isolated()).isTrue());
    assertThat(web.totalExecutions("isolate-host")).isEqualTo(50);
  }

  @Test
  void secondAlertForSameHost_joinsRunningIncident() throws Exception {
    Map<String, Object> alert = Map.of(
        "type", "malware-detected", "severity", "high", "source", "edr-falcon",
        "host", "db-0002", "partition", "blue");

    JsonNode first = api.post("/api/v1/alerts", alert).body().path("incidents").get(0);
    JsonNode second = api.post("/api/v1/alerts", alert).body().path("incidents").get(0);

    assertThat(first.path("playbook").asText()).isEqualTo("contain-host");
    assertThat(first.path("joined").asBoolean()).isFalse();
    assertThat(second.path("joined").asBoolean()).isTrue();
    assertThat(second.path("incidentId").asText()).isEqualTo(first.path("incidentId").asText());
    JsonNode incident = awaitEnd(first.path("incidentId").asText());
    assertThat(incident.path("state").asText()).isEqualTo("completed");
    assertThat(incident.path("alerts")).hasSize(2);
    assertThat(slow.host("db-0002").executionsOfAction("isolate-host")).isEqualTo(1);
  }

  @Test
  void hostDisconnectingMidIncident_isReportedUnreachableAndIncidentEnds() throws Exception {
    ApiClient.Reply run = api.post("/api/v1/playbooks/contain-host/runs", Map.of(
        "hosts", List.of("db-0003", "db-0004"), "justification", "test: host drops mid-action"));
    assertThat(run.status()).isEqualTo(202);
    String incidentId = run.body().path("incidentId").asText();
    // Wait until db-0004 is executing (the slow hosts take 1.5 s to answer), then drop it.
    for (int i = 0; i < 200 && slow.host("db-0004").executionsOfAction("isolate-host") == 0; i++) {
      Thread.sleep(25);
    }
    slow.disconnect("db-0004");

    Instant before = Instant.now();
    JsonNode incident = awaitEnd(incidentId);

    assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(20));
    assertThat(incident.path("state").asText()).isEqualTo("completed_with_errors");
    Map<String, String> outcomes = new java.util.HashMap<>();
    for (JsonNode host : incident.path("hosts")) {
      outcomes.put(host.path("host").asText(), host.path("outcome").asText());
    }
    assertThat(outcomes).containsEntry("db-0003", "succeeded").containsEntry("db-0004", "unreachable");
  }

  @Test
  void cancelWhileRunning_rollsBackOnTheHostsThemselves() throws Exception {
    ApiClient.Reply run = api.post("/api/v1/playbooks/contain-host/runs", Map.of(
        "hosts", List.of("db-0001"), "justification", "test: cancel and roll back"));
    String incidentId = run.body().path("incidentId").asText();
    for (int i = 0; i < 200 && slow.host("db-0001").executionsOfAction("isolate-host") == 0; i++) {
      Thread.sleep(25); // isolate is on the wire once the host executes it; it takes 1.5 s
    }

    ApiClient.Reply cancel = api.post("/api/v1/incidents/" + incidentId + "/cancel", Map.of("reason", "wrong host"));
    JsonNode incident = awaitEnd(incidentId);

    assertThat(cancel.status()).isEqualTo(202);
    assertThat(incident.path("state").asText()).isEqualTo("rolled_back");
    assertThat(incident.path("outcomes").path("rollback-isolate.succeeded").asInt()).isEqualTo(1);
    assertThat(slow.host("db-0001").isolated()).isFalse();
    assertThat(slow.host("db-0001").executionsOfAction("isolate-host")).isEqualTo(1);
    assertThat(slow.host("db-0001").executionsOfAction("release-host")).isEqualTo(1);
    assertThat(api.post("/api/v1/incidents/" + incidentId + "/cancel", Map.of("reason", "again")).status())
        .isEqualTo(409);
  }

  @Test
  void completedIncident_rolledBackByAResponder_releasesTheHostsOnce() throws Exception {
    List<String> hosts = List.of("app-0001", "app-0002", "app-0003");
    String incidentId = api.post("/api/v1/playbooks/contain-host/runs", Map.of(
        "hosts", hosts, "justification", "test: explicit rollback")).body().path("incidentId").asText();
    assertThat(awaitEnd(incidentId).path("state").asText()).isEqualTo("completed");
    assertThat(app.hosts().values()).allSatisfy(state -> assertThat(state.isolated()).isTrue());

    ApiClient.Reply rollback = api.post("/api/v1/incidents/" + incidentId + "/rollback",
        Map.of("reason", "false positive"));
    JsonNode incident = awaitState(incidentId, "rolled_back");

    assertThat(rollback.status()).isEqualTo(202);
    assertThat(rollback.body().path("state").asText()).isEqualTo("rolling_back");
    assertThat(incident.path("abortReason").asText()).startsWith("rolled back by ").endsWith(": false positive");
    assertThat(incident.path("outcomes").path("rollback-isolate.succeeded").asInt()).isEqualTo(3);
    assertThat(app.hosts().values()).allSatisfy(state -> {
      assertThat(state.isolated()).isFalse();
      assertThat(state.executionsOfAction("isolate-host")).isEqualTo(1);
      assertThat(state.executionsOfAction("release-host")).isEqualTo(1);
    });
    ApiClient.Reply again = api.post("/api/v1/incidents/" + incidentId + "/rollback", Map.of("reason", "again"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.body().path("error").asText()).contains("rolled_back");
  }

  @Test
  void delayedIsolateArrivingAfterTheRelease_isFencedByTheAgent() throws Exception {
    GatewayModule gateway = orchestrator.application().gateway();
    AgentSession host = gateway.sessions().get("web-0050");
    String incident = "inc-fence-test";
    // The rollback's release (epoch 2) reaches the host first ...
    CommandResult release = host.send(IncidentIds.commandId(incident, "rollback-isolate", "web-0050", 2),
        gateway.signer().sign(incident, "rollback-isolate", "web-0050", "green", "release-host", Map.of(), 2, ""))
        .get(10, java.util.concurrent.TimeUnit.SECONDS);
    // ... then a retried isolate of the same incident (epoch 1) that was delayed on the way.
    CommandResult lateIsolate = host.send(IncidentIds.commandId(incident, "isolate", "web-0050", 1),
        gateway.signer().sign(incident, "isolate", "web-0050", "green", "isolate-host", Map.of(), 1, ""))
        .get(10, java.util.concurrent.TimeUnit.SECONDS);

    assertThat(release.getOutcome()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(lateIsolate.getOutcome()).isEqualTo(Outcome.OUTCOME_REJECTED);
    assertThat(lateIsolate.getDetail()).contains("epoch");
    assertThat(web.host("web-0050").executions(IncidentIds.commandId(incident, "isolate", "web-0050", 1))).isZero();
  }

  @Test
  void revokeGdapWithoutConfiguration_isAPlaybookWarningAndAFailedStepSayingWhatToSet() throws Exception {
    JsonNode playbook = api.get("/api/v1/playbooks/revoke-partner-access").body();
    assertThat(playbook.path("warnings")).extracting(JsonNode::asText).containsExactly(GdapNotConfigured.MESSAGE);
    assertThat(api.get("/api/v1/playbooks/contain-host").body().path("warnings")).isEmpty();
    String incidentId = api.post("/api/v1/alerts", Map.of("type", "partner-compromise", "severity", "critical",
        "source", "xdr", "partnerTenantId", "11111111-1111-1111-1111-111111111111"))
        .body().path("incidents").get(0).path("incidentId").asText();
    JsonNode waiting = awaitState(incidentId, "awaiting_approval");
    String digest = waiting.path("planDigest").asText();
    String approvalId = waiting.path("approval").path("approvalId").asText();
    List<Integer> decisions = new java.util.ArrayList<>();
    // The shipped policy: revoke-gdap is irreversible, two distinct approvers covering the gdap partition.
    for (String name : List.of("ada-pipeline", "abe-pipeline")) {
      ApiClient approver = approver(name, List.of(name.startsWith("ada") ? "gdap" : "*"));
      decisions.add(approver.post("/api/v1/approvals/" + approvalId + "/approve",
          Map.of("reason", "go", "planDigest", digest)).status());
    }
    JsonNode incident = awaitEnd(incidentId);

    assertThat(decisions).containsExactly(200, 200);
    assertThat(incident.path("state").asText()).isEqualTo("failed");
    assertThat(incident.path("error").asText()).isEqualTo("step revoke (revoke-gdap) failed: "
        + "revoke-gdap is not configured: set gdap.tenantId/clientId/clientSecret");
    assertThat(incident.path("steps").get(0).path("state").asText()).isEqualTo("failed");
    assertThat(incident.path("targetCount").asInt()).isZero();
  }

  @Test
  void requestsWithoutValidToken_get401() throws Exception {
    ApiClient anonymous = new ApiClient(URI.create(orchestrator.apiUrl()), null);
    ApiClient forged = new ApiClient(URI.create(orchestrator.apiUrl()), "fbk_not-a-real-token");
    for (ApiClient client : List.of(anonymous, forged)) {
      assertThat(client.get("/api/v1/incidents").status()).isEqualTo(401);
      assertThat(client.get("/api/v1/agents").status()).isEqualTo(401);
      assertThat(client.get("/api/v1/playbooks").status()).isEqualTo(401);
      assertThat(client.post("/api/v1/alerts", Map.of("type", "x", "severity", "low", "source", "s")).status())
          .isEqualTo(401);
      assertThat(client.post("/api/v1/playbooks/contain-host/runs", Map.of()).status()).isEqualTo(401);
    }
  }

  @Test
  void badAlert_is400NamingTheFieldAndNothingIsStored() throws Exception {
    int incidentsBefore = api.get("/api/v1/incidents").body().size();

    ApiClient.Reply reply = api.post("/api/v1/alerts", Map.of(
        "type", "malware-detected", "severity", "apocalyptic", "source", "edr", "host", "web-0003"));

    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body().path("field").asText()).isEqualTo("severity");
    assertThat(api.get("/api/v1/incidents").body().size()).isEqualTo(incidentsBefore);
  }

  /** An approver user with {@code partitions}, created by the admin, and a token they own. */
  private static ApiClient approver(String name, List<String> partitions) throws Exception {
    ApiClient.Reply user = api.post("/api/v1/users", Map.of("username", name, "password", "correct horse " + name
        + " battery", "roles", List.of(Roles.APPROVER), "partitions", partitions, "tier", 1));
    assertThat(user.status()).as(user.body().toString()).isEqualTo(201);
    ApiClient.Reply token = api.post("/api/v1/tokens", Map.of("name", name, "role", Roles.APPROVER, "owner", name));
    assertThat(token.status()).as(token.body().toString()).isEqualTo(201);
    return new ApiClient(URI.create(orchestrator.apiUrl()), token.body().path("token").asText());
  }

  private static JsonNode awaitState(String incidentId, String state) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    JsonNode incident = null;
    while (Instant.now().isBefore(deadline)) {
      incident = api.get("/api/v1/incidents/" + incidentId).body();
      if (incident.path("state").asText().equals(state)) {
        return incident;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("incident " + incidentId + " is not " + state + " after 60 s: " + incident);
  }

  private static JsonNode awaitEnd(String incidentId) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      JsonNode incident = api.get("/api/v1/incidents/" + incidentId).body();
      if (IncidentState.isTerminal(incident.path("state").asText())) {
        return incident;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("incident " + incidentId + " did not end within 60 s");
  }

  private static void awaitRegistered(int count) throws Exception {
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
