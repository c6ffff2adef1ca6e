package io.firebreak.orchestrator.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.testing.junit5.ResourceExtension;
import io.firebreak.orchestrator.api.ApiExceptionMapper;
import io.firebreak.orchestrator.audit.AuditActions;
import io.firebreak.orchestrator.audit.AuditLog;
import io.firebreak.orchestrator.audit.AuditQuery;
import io.firebreak.orchestrator.audit.AuditRecord;
import io.firebreak.orchestrator.auth.ApiTokenDao;
import io.firebreak.orchestrator.auth.Roles;
import io.firebreak.orchestrator.auth.TestAuth;
import io.firebreak.orchestrator.incident.IncidentDao;
import io.firebreak.orchestrator.incident.IncidentService;
import io.firebreak.orchestrator.playbook.PlaybookCatalog;
import io.firebreak.orchestrator.storage.TestDatabase;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code POST /api/v1/alerts} records ALERT_RECEIVED in the audit trail. */
@ExtendWith(DropwizardExtensionsSupport.class)
class AlertResourceTest {
  static final Path DIR = tempDir();
  static final Jdbi JDBI = TestDatabase.create(DIR);
  static final ApiTokenDao TOKENS = new ApiTokenDao(JDBI);
  static final AuditLog AUDIT = new AuditLog(JDBI, Clock.systemUTC());
  static final String SECRET = ApiTokenDao.newSecret();

  // No playbooks: no alert opens an incident, so the incident service never reaches Temporal.
  static final ResourceExtension RESOURCES = TestAuth.install(ResourceExtension.builder(), TOKENS)
      .addProvider(new ApiExceptionMapper())
      .addResource(new AlertResource(Jackson.newObjectMapper(), new AlertDao(JDBI), new PlaybookCatalog(List.of()),
          new IncidentService(null, new IncidentDao(JDBI), new io.firebreak.orchestrator.access.GrantDao(JDBI),
              Clock.systemUTC()), Clock.systemUTC(), AUDIT))
      .build();

  static String tokenId;

  @BeforeAll
  static void setUp() {
    tokenId = TOKENS.create("edr-falcon", Roles.TRIGGER, SECRET, null);
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

  @Test
  void receive_recordsAlertReceivedByTheCallerWithoutItsSecret() {
    Response response = RESOURCES.target("/api/v1/alerts").request()
        .header("Authorization", "Bearer " + SECRET)
        .post(Entity.json("{\"type\":\"malware-detected\",\"severity\":\"critical\",\"source\":\"edr-falcon\","
            + "\"host\":\"web-0001\",\"partition\":\"blue\"}"));
    assertThat(response.getStatus()).isEqualTo(202);
    String alertId = response.readEntity(JsonNode.class).get("alertId").asText();

    List<AuditRecord> recorded = AUDIT.list(new AuditQuery(0, 10, alertId, null, null));

    assertThat(recorded).singleElement().satisfies(row -> {
      assertThat(row.actor()).isEqualTo("edr-falcon");
      assertThat(row.action()).isEqualTo(AuditActions.ALERT_RECEIVED);
      assertThat(row.partition()).isEqualTo("blue");
      assertThat(row.details()).isEqualTo("{\"host\":\"web-0001\",\"severity\":\"critical\",\"source\":\"edr-falcon\","
          + "\"tokenId\":\"" + tokenId + "\",\"type\":\"malware-detected\"}");
      assertThat(row.details()).doesNotContain(SECRET.substring(4));
    });
  }

  @Test
  void receive_badAlert_recordsNothing() {
    long before = AUDIT.head().seq();

    Response response = RESOURCES.target("/api/v1/alerts").request()
        .header("Authorization", "Bearer " + SECRET)
        .post(Entity.json("{\"type\":\"malware-detected\"}"));

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(AUDIT.head().seq()).isEqualTo(before);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("alert-resource");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
