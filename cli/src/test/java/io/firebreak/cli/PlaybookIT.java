package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code playbook list | show | plan | run} against the real server. */
class PlaybookIT {
  static TestServer server;
  @TempDir Path home;
  Cli alice;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.shared();
  }

  @BeforeEach
  void cli() {
    alice = Cli.connected(home, server.url(), server.responderToken);
  }

  @Test
  void list_showsEveryLoadedPlaybook_tableAndJson() throws Exception {
    Cli.Result table = alice.run("playbook", "list");
    Cli.Result json = alice.run("playbook", "list", "-o", "json");

    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out()).contains("NAME").contains("staged-isolate").contains("approve-isolate")
        .contains("collect-evidence -> isolate-host").contains("cli-test-malware");
    JsonNode parsed = new ObjectMapper().readTree(json.out());
    assertThat(parsed).hasSize(5);
  }

  @Test
  void show_printsStepsAndRollout() {
    Cli.Result result = alice.run("playbook", "show", "staged-isolate");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("mode:         autonomous").contains("selector=role=db")
        .contains("waveSize=2").contains("evidence").contains("collect-evidence");
  }

  @Test
  void showUnknownPlaybook_exits1WithTheServersWords() {
    Cli.Result result = alice.run("playbook", "show", "no-such-playbook");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).contains("no playbook named 'no-such-playbook'");
  }

  @Test
  void plan_resolvesTargetsAndWavesWithADigest() throws Exception {
    Cli.Result table = alice.run("playbook", "plan", "staged-isolate");
    Cli.Result json = alice.run("playbook", "plan", "isolate-web", "web-0001", "--host", "web-0002", "-o", "json");

    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out()).contains("targets:      8 hosts (blue: 8)").contains("4 waves of 2, 2, 2, 2 hosts")
        .contains("digest:       sha256:");
    JsonNode plan = new ObjectMapper().readTree(json.out());
    assertThat(plan.path("targets").path("total").asInt()).isEqualTo(2);
    assertThat(plan.path("digest").asText()).startsWith("sha256:");
  }

  @Test
  void dryRun_printsThePlanAndStartsNothing() {
    int before = incidentCount();

    Cli.Result result = alice.run("playbook", "run", "isolate-web", "--label", "role=web", "--partition", "green", "--dry-run");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("Plan for isolate-web").contains("targets:      5 hosts (green: 5)");
    assertThat(incidentCount()).isEqualTo(before);
  }

  @Test
  void runWithoutJustification_exits2PointingAtTheOption() {
    Cli.Result result = alice.run("playbook", "run", "isolate-web", "--host", "web-0003");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("justification").contains("--justification TEXT");
  }

  @Test
  void runWithWatch_followsToCompletionAndExits0() {
    Cli.Result result = alice.run("playbook", "run", "isolate-web", "--host", "web-0004", "--host", "web-0005",
        "--justification", "cli test", "--watch");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    assertThat(result.out()).contains("Started incident inc-")
        .contains("isolate  isolate-host  [####################]  2/2  done 2  failed 0  unreachable 0  pending 0")
        .contains("completed: every host succeeded in every step");
    assertThat(server.web.host("web-0004").isolated()).isTrue();
  }

  @Test
  void runWithParameters_theServerRefusesThemClearly() {
    Cli.Result result = alice.run("playbook", "run", "isolate-web", "--host", "web-0003", "-j", "x", "--param", "reason=test");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("parameters").contains("leave out --param");
  }

  private int incidentCount() {
    Cli.Result list = alice.run("incident", "list", "-o", "json", "--limit", "1000");
    try {
      return new ObjectMapper().readTree(list.out()).size();
    } catch (java.io.IOException e) {
      throw new AssertionError(list.toString(), e);
    }
  }
}
