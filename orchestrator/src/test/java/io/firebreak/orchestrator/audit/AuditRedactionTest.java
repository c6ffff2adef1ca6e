package io.firebreak.orchestrator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.orchestrator.storage.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditRedactionTest {
  static final String API_TOKEN = "fbk_Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0";

  @TempDir Path dir;

  @Test
  void append_secretsNeverReachTheDatabase() {
    Jdbi jdbi = TestDatabase.create(dir);
    AuditLog log = new AuditLog(jdbi, Clock.systemUTC());
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("Authorization", "Bearer s3cr3t-bearer-value");
    headers.put("X-Request-Id", "req-1");
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("password", "hunter2-password-value");
    details.put("token", API_TOKEN);
    details.put("client_secret", "client-secret-value");
    details.put("refreshToken", "refresh-token-value");
    details.put("headers", headers);
    details.put("steps", List.of(Map.of("apiKey", "api-key-value", "name", "isolate")));
    details.put("note", "retried with " + API_TOKEN + " after 'Bearer abcdefgh12345678'");
    details.put("tokenId", "tok-0a1b2c");
    details.put("user", "alice");

    log.append(new AuditEvent("alice", AuditActions.TOKEN_CREATED, "tok-0a1b2c", null, details));

    String row = jdbi.withHandle(h -> h.createQuery("SELECT CONCAT_WS('|', actor, action, subject, details)"
        + " FROM audit_events").mapTo(String.class).one());
    assertThat(row).doesNotContain("hunter2", API_TOKEN.substring(4), "s3cr3t", "client-secret-value",
        "refresh-token-value", "api-key-value", "abcdefgh12345678");
    assertThat(row).contains("\"tokenId\":\"tok-0a1b2c\"", "\"user\":\"alice\"", "\"X-Request-Id\":\"req-1\"",
        "\"name\":\"isolate\"", "retried with [redacted] after 'Bearer [redacted]'");
  }

  @Test
  void maskCredentials_findsSchemesInAnyCaseAnywhereInTheValue() {
    assertThat(Redaction.maskCredentials("BASIC dXNlcjpwYXNzd29yZA==")).isEqualTo("BASIC [redacted]");
    assertThat(Redaction.maskCredentials("curl -H 'authorization: bEaReR eyJhbGciOiJIUzI1NiJ9'"))
        .isEqualTo("curl -H 'authorization: bEaReR [redacted]'");
    assertThat(Redaction.maskCredentials("sent " + API_TOKEN)).isEqualTo("sent [redacted]");
    assertThat(Redaction.maskCredentials("bearer none, basic ok")).isEqualTo("bearer none, basic ok");
  }

  @Test
  void isSensitiveKey_matchesCredentialNamesButNotTokenIdentifiers() {
    assertThat(List.of("password", "Password", "db_password", "secret", "clientSecret", "token", "access_token",
        "Authorization", "credentials", "api-key", "privateKey", "Cookie"))
        .allMatch(Redaction::isSensitiveKey);
    assertThat(List.of("tokenId", "token_name", "tokenRole", "user", "host", "incidentId", "keyId"))
        .noneMatch(Redaction::isSensitiveKey);
  }
}
