package io.firebreak.agent.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.firebreak.agent.action.ActionContext;
import io.firebreak.agent.action.ActionResult;
import io.firebreak.agent.testing.Commands;
import io.firebreak.proto.agent.v1.Command;
import io.firebreak.proto.agent.v1.Outcome;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** collect-evidence over a fake /proc tree and passwd file. */
class CollectEvidenceTest {
  private static final Instant NOW = Instant.parse("2026-01-27T01:00:00Z");

  @TempDir Path dir;
  private FakeProc proc;
  private Path passwd;

  @BeforeEach
  void setUp() throws Exception {
    Assumptions.assumeTrue(
        ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN,
        "the fake /proc/net tables are written in little-endian word order");
    passwd = dir.resolve("passwd");
    Files.writeString(
        passwd, "root:x:0:0::/root:/bin/bash\nalice:x:1001:1001::/home/alice:/bin/sh\n");
    proc =
        new FakeProc(dir.resolve("proc"))
            .process(1, "systemd", 0, 0, "/usr/lib/systemd/systemd", "/sbin/init\0splash\0")
            .process(77, "kworker/0:1", 2, 0, null, "")
            .process(
                4242,
                "evil (x) d",
                1,
                1001,
                "/tmp/.x/evil (deleted)",
                "/tmp/.x/evil\0--token\0" + "A".repeat(400) + "\0")
            .descriptor(1, 3, "socket:[1001]")
            .descriptor(4242, 0, "/dev/null")
            .descriptor(4242, 5, "socket:[2002]")
            .descriptor(4242, 6, "socket:[3003]")
            .table(
                "tcp",
                FakeProc.line(0, "00000000:0016", "00000000:0000", "0A", 0, 1001),
                FakeProc.line(1, "0500000A:0016", "097100CB:C738", "01", 1001, 2002),
                FakeProc.line(2, "0500000A:A000", "097100CB:01BB", "06", 0, 0),
                "   3: malformed line")
            .table(
                "tcp6",
                FakeProc.line(
                    0,
                    "00000000000000000000000000000000:01BB",
                    "00000000000000000000000000000000:0000",
                    "0A",
                    1001,
                    3003))
            .table("udp", FakeProc.line(0, "00000000:0044", "00000000:0000", "07", 0, 4004));
    // A process that vanished between listing and reading: a directory without files.
    Files.createDirectories(proc.root.resolve("999"));
  }

  private ActionResult collect(EvidenceSettings settings, Map<String, String> parameters) {
    Command command =
        Commands.command("host-1", "p1", CollectEvidence.TYPE, NOW.toEpochMilli())
            .putAllParameters(parameters)
            .build();
    ActionContext context =
        new ActionContext("host-1", "p1", dir.resolve("state"), Clock.fixed(NOW, ZoneOffset.UTC));
    return new CollectEvidence(proc.root, passwd, settings).execute(command, context);
  }

  private ActionResult collect(Map<String, String> parameters) {
    return collect(EvidenceSettings.defaults(), parameters);
  }

  private static JsonObject report(ActionResult result) {
    return JsonParser.parseString(result.evidence().get("report")).getAsJsonObject();
  }

  private static JsonObject find(JsonArray array, String field, String value) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(JsonElement::getAsJsonObject)
        .filter(entry -> entry.get(field).getAsString().equals(value))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no entry with " + field + "=" + value));
  }

  @Test
  void execute_summarizesProcessesAndSocketsWithTheirOwners() {
    ActionResult result = collect(Map.of());

    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(result.detail()).isEqualTo("collected 3 processes, 5 sockets");
    assertThat(result.evidence())
        .containsEntry("kinds", "processes,connections")
        .containsEntry("time", NOW.toString())
        .containsEntry("processes", "3")
        .containsEntry("processes.by-user", "root=2, alice=1")
        .containsEntry("processes.deleted-executable", "4242 /tmp/.x/evil (deleted)")
        .containsEntry("connections", "5")
        .containsEntry("connections.by-state", "LISTEN=2, ESTABLISHED=1, TIME_WAIT=1, UNCONN=1")
        .containsEntry(
            "listening",
            "tcp 0.0.0.0:22 systemd[1], tcp6 [::]:443 evil (x) d[4242], udp 0.0.0.0:68")
        .containsEntry("established.remote", "203.0.113.9:51000=1")
        .containsEntry("truncated", "false")
        .doesNotContainKey("files.hashed");
  }

  @Test
  void execute_reportHasEveryProcessAndSocketAsJson() {
    JsonObject report = report(collect(Map.of()));

    assertThat(report.get("host").getAsString()).isEqualTo("host-1");
    assertThat(report.get("truncated").getAsBoolean()).isFalse();
    JsonArray processes = report.getAsJsonArray("processes");
    assertThat(processes).hasSize(3);
    JsonObject evil = find(processes, "pid", "4242");
    assertThat(evil.get("name").getAsString()).isEqualTo("evil (x) d");
    assertThat(evil.get("ppid").getAsInt()).isEqualTo(1);
    assertThat(evil.get("user").getAsString()).isEqualTo("alice");
    assertThat(evil.get("executable").getAsString()).isEqualTo("/tmp/.x/evil (deleted)");
    assertThat(evil.get("commandLine").getAsString())
        .startsWith("/tmp/.x/evil --token AAAA")
        .endsWith("...")
        .hasSize(EvidenceSettings.defaults().commandLineMaxChars());
    assertThat(find(processes, "pid", "77").get("commandLine").getAsString())
        .isEqualTo("[kworker/0:1]");
    assertThat(find(processes, "pid", "1").get("commandLine").getAsString())
        .isEqualTo("/sbin/init splash");
    JsonArray connections = report.getAsJsonArray("connections");
    JsonObject established = find(connections, "state", "ESTABLISHED");
    assertThat(established.get("local").getAsString()).isEqualTo("10.0.0.5:22");
    assertThat(established.get("remote").getAsString()).isEqualTo("203.0.113.9:51000");
    assertThat(established.get("uid").getAsInt()).isEqualTo(1001);
    assertThat(established.getAsJsonArray("pids").get(0).getAsInt()).isEqualTo(4242);
    assertThat(connections.get(0).getAsJsonObject().get("state").getAsString())
        .as("listening sockets come first")
        .isEqualTo("LISTEN");
  }

  @Test
  void execute_withFiles_hashesThemAndReportsTheMissingOnes() throws Exception {
    Path file = Files.writeString(dir.resolve("crontab"), "abc");

    ActionResult result = collect(Map.of("files", file + ", /nonexistent/file"));

    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(result.detail()).endsWith("1 of 2 files hashed");
    assertThat(result.evidence())
        .containsEntry("kinds", "processes,connections,files")
        .containsEntry("files.hashed", "1")
        .containsEntry("files.missing", "1")
        .containsEntry(
            "file:" + file,
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad 3 bytes")
        .containsEntry("file:/nonexistent/file", "missing: no such file");
    JsonObject hashed = find(report(result).getAsJsonArray("files"), "path", file.toString());
    assertThat(hashed.get("status").getAsString()).isEqualTo("hashed");
    assertThat(hashed.get("mode").getAsString()).matches("0[0-7]{3}");
  }

  @Test
  void execute_withOnlyTheFilesKind_readsNoProcesses() throws Exception {
    Path file = Files.writeString(dir.resolve("passwd-copy"), "x");

    ActionResult result = collect(Map.of("kinds", "files", "files", file.toString()));

    assertThat(result.detail()).isEqualTo("collected 1 of 1 files hashed");
    assertThat(result.evidence()).doesNotContainKeys("processes", "connections");
    assertThat(report(result).getAsJsonArray("processes")).isEmpty();
  }

  @Test
  void execute_whenTheReportIsTooLarge_keepsFewerEntriesAsValidJsonAndSaysSo() throws Exception {
    for (int pid = 5000; pid < 5120; pid++) {
      proc.process(pid, "worker", 1, 1001, "/usr/bin/worker", "/usr/bin/worker\0--id\0" + pid);
    }
    EvidenceSettings small =
        EvidenceSettings.defaults().with(EvidenceSettings.MIN_REPORT_BYTES, 1024);

    ActionResult result = collect(small, Map.of());

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(result.detail()).endsWith("(report truncated)");
    assertThat(result.evidence())
        .containsEntry("truncated", "true")
        .containsEntry("processes", "123");
    assertThat(Integer.parseInt(result.evidence().get("report.bytes")))
        .isLessThanOrEqualTo(EvidenceSettings.MIN_REPORT_BYTES);
    assertThat(Integer.parseInt(result.evidence().get("report.full-bytes")))
        .isGreaterThan(EvidenceSettings.MIN_REPORT_BYTES);
    JsonObject report = report(result);
    assertThat(report.get("truncated").getAsBoolean()).isTrue();
    int kept = report.getAsJsonArray("processes").size();
    assertThat(kept).isPositive().isLessThan(123);
    assertThat(report.getAsJsonObject("omitted").get("processes").getAsInt()).isEqualTo(123 - kept);
  }

  @Test
  void execute_withAnUnknownKindOrFilesKindWithoutFiles_failsCollectingNothing() {
    ActionResult unknown = collect(Map.of("kinds", "processes,memory"));
    ActionResult noFiles = collect(Map.of("kinds", "files"));

    assertThat(unknown.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(unknown.detail())
        .isEqualTo(
            "nothing collected: parameter kinds has memory; known kinds are "
                + "processes, connections, files");
    assertThat(noFiles.detail()).contains("kinds=files needs parameter files");
  }

  @Test
  void execute_withoutAProcDirectory_fails() throws Exception {
    proc = new FakeProc(dir.resolve("other"));
    Files.delete(proc.root.resolve("net"));
    Files.delete(proc.root);

    ActionResult result = collect(Map.of());

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(result.detail()).startsWith("nothing collected: cannot read " + proc.root);
  }

  @Test
  void execute_namesParametersItDoesNotKnow() {
    ActionResult result = collect(Map.of("kinds", "processes", "depth", "9"));

    assertThat(result.evidence()).containsEntry("ignored-parameters", "depth");
  }
}
