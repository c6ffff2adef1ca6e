package io.firebreak.orchestrator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.orchestrator.PackagedJars;
import io.firebreak.orchestrator.demo.ApiClient;
import io.firebreak.orchestrator.demo.FreePorts;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server stopped the way an operator stops it (SIGTERM) signs a last checkpoint over the head of
 * its audit chain, so nothing recorded before the stop is left outside a signed checkpoint.
 */
class AuditShutdownIT {
  @TempDir Path work;

  @Test
  void stoppedServer_signsACheckpointOverItsLastEvent() throws Exception {
    int httpPort = FreePorts.pick();
    Path data = work.resolve("data");
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-jar", PackagedJars.jar("orchestrator"), "server", "classpath:firebreak.yml")
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("server.log").toFile());
    builder.environment().putAll(Map.of("FIREBREAK_DATA", data.toString(),
        "FIREBREAK_HTTP_PORT", Integer.toString(httpPort),
        "FIREBREAK_ADMIN_PORT", Integer.toString(FreePorts.pick()),
        "FIREBREAK_GATEWAY_PORT", Integer.toString(FreePorts.pick()),
        "FIREBREAK_TEMPORAL_PORT", Integer.toString(FreePorts.pick()),
        "FIREBREAK_PLAYBOOKS", Path.of("..", "playbooks").toAbsolutePath().toString(),
        "FIREBREAK_POLICY", Path.of("..", "policy", "policy.yaml").toAbsolutePath().toString(),
        "FIREBREAK_PARTITIONS", "blue"));
    Process server = builder.start();
    try {
      PackagedJars.awaitPort(httpPort, server, work.resolve("server.log"));
      ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + httpPort),
          Files.readString(data.resolve("admin.token")).strip());
      assertThat(api.post("/api/v1/alerts", Map.of("type", "port-scan", "severity", "low", "source", "ids",
          "partition", "blue")).status()).isEqualTo(202);

      server.destroy(); // SIGTERM
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("the server stops on SIGTERM").isTrue();
    } finally {
      server.destroyForcibly();
    }

    String log = Files.readString(work.resolve("server.log"), StandardCharsets.UTF_8);
    assertThat(log).as("server.log").doesNotContain("Could not write the audit checkpoint");
    try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("db/firebreak").toAbsolutePath(),
        "firebreak", "")) {
      long head = single(db, "SELECT MAX(seq) FROM audit_events");
      assertThat(head).as("the alert and the server's own events were recorded").isGreaterThanOrEqualTo(2);
      assertThat(single(db, "SELECT MAX(seq) FROM audit_checkpoints"))
          .as("the last checkpoint covers the last event").isEqualTo(head);
    }
  }

  private static long single(Connection db, String sql) throws Exception {
    try (ResultSet rows = db.createStatement().executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
