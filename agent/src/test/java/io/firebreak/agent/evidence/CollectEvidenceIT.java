package io.firebreak.agent.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.firebreak.agent.testing.AgentJarProcess;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.Outcome;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent jar collecting evidence on this host: it must find this test's JVM (another
 * process) with its command line, the socket this test listens on with this JVM as its holder, and
 * the hash of a file this test wrote.
 */
class CollectEvidenceIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void collect_findsThisJvmItsListeningSocketAndAFileHash() throws Exception {
    if (!Files.isReadable(Path.of("/proc/self/stat"))) {
      if (System.getenv("CI") != null) {
        fail("CI must run the evidence collection test, but this host has no Linux /proc");
      }
      Assumptions.abort("skipped: no Linux /proc");
    }
    long self = ProcessHandle.current().pid();
    byte[] content = ("evidence " + self + "\n").getBytes();
    Path file = Files.write(dir.resolve("suspicious.bin"), content);
    String expectedHash =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    try (ServerSocket listener = new ServerSocket();
        AgentJarProcess agent =
            AgentJarProcess.start(
                "evidence-it",
                dir,
                Path.of("target", "collect-evidence-it", "agent.log").toAbsolutePath(),
                // Room for a busy machine (a benchmark leaves ~10,000 sockets in TIME_WAIT): the report
                // must be whole for this test, and stays under gRPC's 4 MiB message limit.
                List.of("--evidence-report-max-bytes", String.valueOf(3 << 20)))) {
      listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      String local = "127.0.0.1:" + listener.getLocalPort();
      assertThat(agent.hello().getCapabilitiesList()).contains("collect-evidence");

      CommandResult result =
          agent.execute(
              "collect-evidence",
              Map.of("files", file + ",/nonexistent/" + self, "reason", "integration test"),
              TIMEOUT);

      assertThat(result.getOutcome()).as(result.getDetail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
      Map<String, String> evidence = result.getEvidenceMap();
      System.out.printf(
          "collect-evidence on this host: %s; %s ms, report %s bytes%n",
          result.getDetail(), evidence.get("collect-ms"), evidence.get("report.bytes"));
      assertThat(evidence)
          .containsEntry("truncated", "false")
          .containsEntry("file:" + file, "sha256:" + expectedHash + " " + content.length + " bytes")
          .containsEntry("file:/nonexistent/" + self, "missing: no such file");
      JsonObject report = JsonParser.parseString(evidence.get("report")).getAsJsonObject();

      JsonObject me =
          find(report.getAsJsonArray("processes"), "pid", String.valueOf(self))
              .orElseThrow(
                  () -> new AssertionError("the test JVM " + self + " is not in the report"));
      assertThat(me.get("name").getAsString()).isEqualTo("java");
      assertThat(me.get("commandLine").getAsString()).contains("java");
      assertThat(me.get("user").getAsString()).isEqualTo(System.getProperty("user.name"));
      assertThat(find(report.getAsJsonArray("processes"), "pid", String.valueOf(agent.pid())))
          .as("the agent itself")
          .isPresent();

      JsonObject socket =
          find(report.getAsJsonArray("connections"), "local", local)
              .orElseThrow(() -> new AssertionError(local + " is not in the report"));
      // Java listens dual-stack where it can: the socket is then in tcp6 as ::ffff:127.0.0.1.
      assertThat(socket.get("protocol").getAsString()).isIn("tcp", "tcp6");
      assertThat(socket.get("state").getAsString()).isEqualTo("LISTEN");
      assertThat(socket.getAsJsonArray("pids").get(0).getAsLong()).isEqualTo(self);
    }
  }

  private static Optional<JsonObject> find(JsonArray array, String field, String value) {
    return StreamSupport.stream(array.spliterator(), false)
        .map(JsonElement::getAsJsonObject)
        .filter(entry -> entry.get(field).getAsString().equals(value))
        .findFirst();
  }
}
