package io.firebreak.orchestrator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.orchestrator.demo.ApiClient;
import io.firebreak.orchestrator.demo.LocalOrchestrator;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The audit trail as the real server wires it: key files, ALERT_RECEIVED, both endpoints. */
class AuditIT {
  @Test
  void server_recordsAlertsAndVerifiesItsChain() throws Exception {
    // Under target/, not a @TempDir: the in-JVM server keeps writing until the JVM exits.
    Path dataDir = Files.createDirectories(Path.of("target", "it-data")).resolve("audit-" + System.currentTimeMillis());
    LocalOrchestrator orchestrator = new LocalOrchestrator(dataDir, List.of("blue"))
        .start(Path.of("..", "playbooks"), "WARN");
    ApiClient api = new ApiClient(URI.create(orchestrator.apiUrl()), orchestrator.adminToken());

    ApiClient.Reply alert = api.post("/api/v1/alerts", Map.of(
        "type", "port-scan", "severity", "low", "source", "ids-zeek", "partition", "blue"));
    assertThat(alert.status()).isEqualTo(202);
    String alertId = alert.body().path("alertId").asText();

    ApiClient.Reply events = api.get("/api/v1/audit?incident=" + alertId);
    assertThat(events.status()).isEqualTo(200);
    JsonNode event = events.body().path("events").get(0);
    assertThat(event.path("action").asText()).isEqualTo(AuditActions.ALERT_RECEIVED);
    assertThat(event.path("actor").asText()).isEqualTo("admin");
    assertThat(event.path("partition").asText()).isEqualTo("blue");

    ApiClient.Reply verify = api.get("/api/v1/audit/verify");
    assertThat(verify.status()).isEqualTo(200);
    assertThat(verify.body().path("ok").asBoolean()).isTrue();
    assertThat(verify.body().path("checkedRows").asLong()).isGreaterThanOrEqualTo(1);
    assertThat(Files.getPosixFilePermissions(dataDir.resolve(AuditSigningKey.PRIVATE_KEY_FILE)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(AuditPublicKey.read(dataDir.resolve(AuditSigningKey.PUBLIC_KEY_FILE)).keyId())
        .isEqualTo(verify.body().path("keyId").asText());
  }
}
