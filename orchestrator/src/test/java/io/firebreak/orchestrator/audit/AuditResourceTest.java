package io.firebreak.orchestrator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.firebreak.orchestrator.api.ApiExceptionMapper;
import io.firebreak.orchestrator.auth.ApiTokenDao;
import io.firebreak.orchestrator.auth.Roles;
import io.firebreak.orchestrator.auth.TestAuth;
import io.firebreak.orchestrator.storage.TestDatabase;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DropwizardExtensionsSupport.class)
class AuditResourceTest {
  static final Path DIR = tempDir();
  static final Jdbi JDBI = TestDatabase.create(DIR);
  static final ApiTokenDao TOKENS = new ApiTokenDao(JDBI);
  static final AuditLog LOG = new AuditLog(JDBI, Clock.systemUTC());
  static final AuditSigningKey KEY = signingKey();
  static final Map<String, String> SECRETS = Map.of(
      Roles.ADMIN, ApiTokenDao.newSecret(),
      Roles.RESPONDER, ApiTokenDao.newSecret(),
      Roles.APPROVER, ApiTokenDao.newSecret(),
      Roles.TRIGGER, ApiTokenDao.newSecret());

  static final ResourceExtension RESOURCES = TestAuth.install(ResourceExtension.builder(), TOKENS)
      .addProvider(new ApiExceptionMapper())
      .addResource(new AuditResource(LOG, new AuditVerifier(JDBI, KEY.publicKey())))
      .build();

  @BeforeAll
  static void setUp() {
    SECRETS.forEach((role, secret) -> TOKENS.create(role + "-user", role, secret, null));
    LOG.append(new AuditEvent("edr", AuditActions.ALERT_RECEIVED, "alert-1", "blue", Map.of("type", "malware")));
    LOG.append(AuditEvent.of("alice", AuditActions.INCIDENT_OPENED, "inc-1"));
    LOG.append(AuditEvent.of("bob", AuditActions.APPROVAL_DECIDED, "inc-1"));
    new AuditCheckpointer(LOG, KEY, java.time.Duration.ofMinutes(1), Clock.systemUTC()).checkpoint();
  }

  @Test
  void anonymousRequests_are401() {
    assertThat(RESOURCES.target("/api/v1/audit").request().get().getStatus()).isEqualTo(401);
    assertThat(RESOURCES.target("/api/v1/audit/verify").request().get().getStatus()).isEqualTo(401);
    assertThat(RESOURCES.target("/api/v1/audit").request().header("Authorization", "Bearer fbk_not-a-token")
        .get().getStatus()).isEqualTo(401);
  }

  @Test
  void triggerTokens_are403() {
    assertThat(get(Roles.TRIGGER, "/api/v1/audit").getStatus()).isEqualTo(403);
    assertThat(get(Roles.TRIGGER, "/api/v1/audit/verify").getStatus()).isEqualTo(403);
  }

  @Test
  void list_isReadableByResponderApproverAndAdmin_ascendingWithFilters() {
    for (String role : new String[] {Roles.RESPONDER, Roles.APPROVER, Roles.ADMIN}) {
      assertThat(get(role, "/api/v1/audit").getStatus()).as(role).isEqualTo(200);
    }

    JsonNode all = get(Roles.RESPONDER, "/api/v1/audit?limit=2").readEntity(JsonNode.class);
    assertThat(all.get("events")).hasSize(2);
    assertThat(all.get("events").get(0).get("seq").asLong()).isEqualTo(1);
    assertThat(all.get("events").get(0).get("partition").asText()).isEqualTo("blue");
    assertThat(all.get("events").get(0).get("details").get("type").asText()).isEqualTo("malware");
    assertThat(all.get("events").get(0).get("hash").asText()).hasSize(64);
    assertThat(all.get("nextAfterSeq").asLong()).isEqualTo(2);

    JsonNode incident = get(Roles.APPROVER, "/api/v1/audit?incident=inc-1&actor=bob").readEntity(JsonNode.class);
    assertThat(incident.get("events")).hasSize(1);
    assertThat(incident.get("events").get(0).get("action").asText()).isEqualTo(AuditActions.APPROVAL_DECIDED);
  }

  @Test
  void list_refusesALimitOver1000() {
    Response response = get(Roles.ADMIN, "/api/v1/audit?limit=1001");

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(response.readEntity(JsonNode.class).get("error").asText()).isEqualTo("limit: must be between 1 and 1000");
  }

  @Test
  void verify_isForApproverAndAdminOnly_andReportsTheChain() {
    assertThat(get(Roles.RESPONDER, "/api/v1/audit/verify").getStatus()).isEqualTo(403);
    assertThat(get(Roles.ADMIN, "/api/v1/audit/verify").getStatus()).isEqualTo(200);

    JsonNode body = get(Roles.APPROVER, "/api/v1/audit/verify").readEntity(JsonNode.class);

    assertThat(body.get("ok").asBoolean()).isTrue();
    assertThat(body.get("checkedRows").asLong()).isEqualTo(3);
    assertThat(body.get("head").get("seq").asLong()).isEqualTo(3);
    assertThat(body.get("head").get("hash").asText()).isEqualTo(LOG.head().hash());
    assertThat(body.get("checkpoints").get("count").asLong()).isEqualTo(1);
    assertThat(body.get("checkpoints").get("lastSeq").asLong()).isEqualTo(3);
    assertThat(body.has("brokenAt")).isTrue();
    assertThat(body.get("brokenAt").isNull()).isTrue();
    assertThat(body.get("keyId").asText()).isEqualTo(KEY.keyId());
    assertThat(body.get("publicKey").asText()).contains("-----BEGIN PUBLIC KEY-----");
  }

  /** GET {@code pathAndQuery} ({@code ?a=1&b=2} split into query parameters) with {@code role}'s token. */
  private static Response get(String role, String pathAndQuery) {
    String[] parts = pathAndQuery.split("\\?", 2);
    WebTarget target = RESOURCES.target(parts[0]);
    if (parts.length == 2) {
      for (String pair : parts[1].split("&")) {
        String[] nameValue = pair.split("=", 2);
        target = target.queryParam(nameValue[0], nameValue[1]);
      }
    }
    return target.request().header("Authorization", "Bearer " + SECRETS.get(role)).get();
  }

  @AfterAll
  static void tearDown() throws Exception {
    // SHUTDOWN closes the connection under Jdbi's feet: run it on the raw connection.
    JDBI.useHandle(handle -> handle.getConnection().createStatement().execute("SHUTDOWN"));
    try (Stream<Path> files = Files.walk(DIR)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("audit-resource");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static AuditSigningKey signingKey() {
    try {
      return AuditSigningKey.openOrCreate(DIR.resolve("data"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
