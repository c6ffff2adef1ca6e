package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code alert send}, {@code agent list} and {@code audit} against the real server. */
class AlertAgentAuditIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  static TestServer server;
  @TempDir Path home;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.shared();
  }

  @Test
  void alertFromOptions_withATriggerToken_opensAnIncident() throws Exception {
    Cli detector = Cli.connected(home, server.url(), server.triggerToken);

    Cli.Result sent = detector.run("alert", "send", "--type", "cli-test-malware", "--severity", "critical",
        "--source", "edr-test", "--entity", "web-0002", "--partition", "green", "--field", "process=evil.exe", "-o", "json");

    assertThat(sent.exitCode()).as(sent.toString()).isZero();
    JsonNode reply = JSON.readTree(sent.out());
    assertThat(reply.path("alertId").asText()).startsWith("alert-");
    assertThat(reply.path("incidents").get(0).path("playbook").asText()).isEqualTo("contain-alert");
    String id = reply.path("incidents").get(0).path("incidentId").asText();
    Cli.Result watch = Cli.connected(home, server.url(), server.responderToken).run("incident", "watch", id);
    assertThat(watch.exitCode()).as(watch.toString()).isZero();
    assertThat(server.web.host("web-0002").isolated()).isTrue();
  }

  @Test
  void alertFromStandardInputAndFile_tableOutput() throws Exception {
    Cli detector = Cli.connected(home, server.url(), server.triggerToken);
    String alert = "{\"type\": \"unrelated\", \"severity\": \"low\", \"source\": \"ids\"}";
    Path file = Files.writeString(home.resolve("alert.json"), alert);

    Cli.Result fromStdin = detector.stdin(alert).run("alert", "send", "--file", "-");
    Cli.Result fromFile = detector.run("alert", "send", "-f", file.toString());

    assertThat(fromStdin.exitCode()).as(fromStdin.toString()).isZero();
    assertThat(fromStdin.out()).contains("Alert alert-").contains("No playbook matched it");
    assertThat(fromFile.exitCode()).as(fromFile.toString()).isZero();
  }

  @Test
  void badAlert_exits2WithTheServersFieldMessage() {
    Cli.Result result = Cli.connected(home, server.url(), server.triggerToken)
        .run("alert", "send", "--type", "x", "--severity", "apocalyptic", "--source", "ids");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("severity: must be one of");
  }

  @Test
  void alertWithoutRequiredOptions_isAUsageErrorWithoutAsking() {
    Cli.Result result = new Cli(home).run("alert", "send", "--type", "x", "--server", "http://127.0.0.1:9");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("--type, --severity and --source");
  }

  @Test
  void agentList_filtersByLabelAndPartition() throws Exception {
    Cli admin = Cli.connected(home, server.url(), server.adminToken);

    Cli.Result db = admin.run("agent", "list", "--label", "role=db", "-o", "json");
    Cli.Result greenWeb = admin.run("agent", "list", "--partition", "green", "--label", "role=web");

    assertThat(db.exitCode()).as(db.toString()).isZero();
    JsonNode agents = JSON.readTree(db.out());
    assertThat(agents).hasSize(TestServer.DB_HOSTS);
    assertThat(agents.findValuesAsText("hostId")).allSatisfy(host -> assertThat(host).startsWith("db-"));
    // Points in time are ISO-8601 text, like every other time in the API.
    assertThat(java.time.Instant.parse(agents.get(0).path("lastSeenAt").asText()))
        .isBefore(java.time.Instant.now().plusSeconds(1));
    assertThat(greenWeb.out()).contains("HOST").contains("web-0002").doesNotContain("web-0001")
        .contains("5 agents, 5 connected.");
  }

  @Test
  void audit_tailShowsTheNewestEvents_andVerifySaysTheChainIsIntact() {
    Cli admin = Cli.connected(home, server.url(), server.adminToken);
    admin.run("alert", "send", "--type", "audit-probe", "--severity", "low", "--source", "cli-test");

    Cli.Result tail = admin.run("audit", "tail", "--limit", "5");
    Cli.Result verify = admin.run("audit", "verify");

    assertThat(tail.exitCode()).as(tail.toString()).isZero();
    assertThat(tail.out().lines().count()).isBetween(1L, 5L);
    assertThat(tail.out()).contains("ALERT_RECEIVED");
    assertThat(verify.exitCode()).as(verify.toString()).isZero();
    assertThat(verify.out()).contains("The audit log is intact.").contains("checkedRows");
  }

}
