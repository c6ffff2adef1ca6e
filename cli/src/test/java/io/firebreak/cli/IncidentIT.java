package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code incident list | show | watch | cancel | rollback} against the real server. */
class IncidentIT {
  private static final ObjectMapper JSON = new ObjectMapper();
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
  void watch_notATerminal_printsOneLinePerChangeUntilTheEnd() {
    String id = startStaged();

    Cli.Result result = alice.run("incident", "watch", id);

    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines).allSatisfy(line -> assertThat(line).startsWith("[+").doesNotContain("\033"));
    assertThat(lines).anySatisfy(line -> assertThat(line).contains("incident " + id + "  playbook staged-isolate  running  8 hosts"));
    // Intermediate progress, not just the end: some wave had finished while others had not.
    assertThat(lines).anySatisfy(line -> assertThat(line).containsPattern("evidence +collect-evidence +\\[#+-+\\] +[2-6]/8"));
    assertThat(lines).anySatisfy(line -> assertThat(line).contains("waves  [").contains("running (hosts "));
    assertThat(lines).anySatisfy(line -> assertThat(line).contains(
        "isolate   isolate-host      [####################]  8/8  done 8  failed 0  unreachable 0  pending 0"));
    assertThat(lines.get(lines.size() - 1)).contains("completed: every host succeeded in every step (took ");
    // One line per change: no line repeats the previous state of the same item.
    assertThat(lines.stream().map(line -> line.replaceFirst("^\\[\\+[0-9.]+s\\] ", "")).distinct().count())
        .isEqualTo(lines.size());
  }

  @Test
  void watchJson_printsOneParsableObjectPerChange() throws Exception {
    String id = startStaged();

    Cli.Result result = alice.run("incident", "watch", id, "--output", "json");

    assertThat(result.exitCode()).as(result.toString()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines).hasSizeGreaterThan(2);
    for (String line : lines) {
      assertThat(JSON.readTree(line).path("incidentId").asText()).isEqualTo(id);
    }
    JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
    assertThat(last.path("state").asText()).isEqualTo("completed");
    assertThat(last.path("steps").get(1).path("succeeded").asInt()).isEqualTo(8);
  }

  @Test
  void cancelWhileRunning_thenWatch_exits1RolledBackWithTheReason() {
    String id = startStaged();

    Cli.Result cancel = alice.run("incident", "cancel", id, "--reason", "wrong hosts");
    Cli.Result watch = alice.run("incident", "watch", id);

    assertThat(cancel.exitCode()).as(cancel.toString()).isZero();
    assertThat(cancel.out()).contains("Cancelling incident " + id);
    assertThat(watch.exitCode()).as(watch.toString()).isEqualTo(1);
    assertThat(watch.out()).contains("staged-isolate  rolled_back  8 hosts").contains("rolled back: cancelled by alice: wrong hosts");
  }

  @Test
  void listAndShow_tableAndJson() throws Exception {
    Cli.Result run = alice.run("playbook", "run", "isolate-web", "--host", "web-0006", "-j", "list test", "--watch", "-o", "json");
    String id = JSON.readTree(run.out().lines().reduce((first, second) -> second).orElseThrow()).path("incidentId").asText();

    Cli.Result list = alice.run("incident", "list", "-o", "json");
    Cli.Result table = alice.run("incident", "list", "--state", "completed");
    Cli.Result show = alice.run("incident", "show", id, "--hosts", "5");
    Cli.Result showJson = alice.run("incident", "show", id, "-o", "json");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(list.exitCode()).as(list.toString()).isZero();
    JsonNode incidents = JSON.readTree(list.out());
    assertThat(incidents.isArray()).isTrue();
    assertThat(incidents.findValuesAsText("incidentId")).contains(id);
    assertThat(table.out()).contains("ID").contains(id).contains("completed");
    assertThat(show.exitCode()).as(show.toString()).isZero();
    assertThat(show.out()).contains("state:         completed").contains("requested by:  alice: list test")
        .contains("web-0006").contains("succeeded");
    assertThat(JSON.readTree(showJson.out()).path("hosts").get(0).path("host").asText()).isEqualTo("web-0006");
  }

  @Test
  void showUnknownIncident_exits1() {
    Cli.Result result = alice.run("incident", "show", "inc-000000000000");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
    assertThat(result.err()).contains("no incident inc-000000000000");
  }

  @Test
  void rollback_ofAnUnknownIncident_saysSo() {
    Cli.Result result = alice.run("incident", "rollback", "inc-000000000000", "--reason", "undo");

    assertThat(result.exitCode()).as(result.toString()).isNotZero();
    assertThat(result.err()).contains("no incident inc-000000000000");
  }


  @Test
  void badStateFilter_isAUsageError() {
    Cli.Result result = alice.run("incident", "list", "--state", "sleeping");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
    assertThat(result.err()).contains("unknown state 'sleeping'");
  }

  /** Starts the slow staged playbook (about 4 s) and returns its incident id. */
  private String startStaged() {
    Cli.Result run = alice.run("playbook", "run", "staged-isolate", "--justification", "cli watch test");
    assertThat(run.exitCode()).as(run.toString()).isZero();
    Matcher id = Pattern.compile("Started incident (inc-[0-9a-f]+)").matcher(run.out());
    assertThat(id.find()).as(run.out()).isTrue();
    return id.group(1);
  }
}
