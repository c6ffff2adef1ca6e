package io.firebreak.orchestrator.gdap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.orchestrator.auth.Roles;
import io.firebreak.orchestrator.demo.ApiClient;
import io.firebreak.orchestrator.demo.LocalOrchestrator;
import io.firebreak.orchestrator.incident.IncidentState;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A partner-compromise alert, end to end: the real server (embedded Temporal, H2, REST) with the
 * shipped playbooks and policy and its {@code gdap} block pointing at {@link FakeGraph} on
 * 127.0.0.1; two distinct approvers whose partitions cover the {@code gdap} pseudo-partition (the
 * policy asks two for the irreversible revoke-gdap), the grant their approvals mint, and the
 * relationships' status as Graph reports it.
 */
class GdapPipelineIT {
  static final String C1 = "aaaaaaaa-0000-0000-0000-000000000001";
  static final String C2 = "aaaaaaaa-0000-0000-0000-000000000002";
  static final String UNNAMED = "aaaaaaaa-0000-0000-0000-000000000003";
  static final String OTHER_PARTNER = "99999999-9999-9999-9999-999999999999";

  static Path dataDir;
  static FakeGraph graph;
  static LocalOrchestrator orchestrator;
  static ApiClient api;
  /** Approvers: ann's partitions are ["gdap"], ben's ["*"]; eve's ["default"] do not cover the plan. */
  static ApiClient ann;
  static ApiClient ben;
  static ApiClient eve;
  /** A responder whose partitions (["default"]) do not cover revoke-gdap plans. */
  static ApiClient rex;

  @BeforeAll
  static void start() throws Exception {
    // Real time: terminations complete within a second, polled every 100 ms.
    graph = new FakeGraph(Clock.systemUTC()).terminationTakes(Duration.ofMillis(200), Duration.ofMillis(300));
    dataDir = Files.createDirectories(Path.of("target", "it-data")).resolve("gdap-" + System.currentTimeMillis());
    orchestrator = new LocalOrchestrator(dataDir.resolve("server"), List.of("default"))
        .withConfig("gdap", "{tenantId: " + FakeGraph.PARTNER_TENANT + ", clientId: " + FakeGraph.CLIENT_ID
            + ", clientSecret: '" + FakeGraph.CLIENT_SECRET + "', graphBaseUrl: '" + graph.graphBaseUrl()
            + "', tokenUrl: '" + graph.tokenUrl() + "', pollInterval: 100ms, requestsPerSecond: 100}")
        .policy(Path.of("..", "policy", "policy.yaml"))
        .start(Path.of("..", "playbooks"), "WARN");
    api = new ApiClient(URI.create(orchestrator.apiUrl()), orchestrator.adminToken());
    ann = user("ann", Roles.APPROVER, List.of(GdapActivities.PARTITION));
    ben = user("ben", Roles.APPROVER, List.of("*"));
    eve = user("eve", Roles.APPROVER, List.of("default"));
    rex = user("rex", Roles.RESPONDER, List.of("default"));
  }

  /** A user created by the admin (POST /api/v1/users) and an API token they own (POST /api/v1/tokens). */
  private static ApiClient user(String name, String role, List<String> partitions) throws Exception {
    ApiClient.Reply created = api.post("/api/v1/users", Map.of("username", name,
        "password", "correct horse " + name + " battery", "roles", List.of(role), "partitions", partitions, "tier", 1));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    ApiClient.Reply token = api.post("/api/v1/tokens", Map.of("name", name + "-it", "role", role, "owner", name));
    assertThat(token.status()).as(token.body().toString()).isEqualTo(201);
    return new ApiClient(URI.create(orchestrator.apiUrl()), token.body().path("token").asText());
  }

  @AfterAll
  static void stop() throws Exception {
    if (graph != null) {
      graph.close();
    }
  }

  @Test
  void partnerCompromiseAlert_approvedByAnotherUser_terminatesTheNamedCustomersRelationships() throws Exception {
    List<String> named = List.of(graph.addRelationship(C1, "active", 2), graph.addRelationship(C1, "active", 1),
        graph.addRelationship(C2, "approved", 0));
    String untouched = graph.addRelationship(UNNAMED, "active", 1);
    assertThat(playbook("revoke-partner-access").path("warnings")).as("gdap is configured").isEmpty();

    ApiClient.Reply reply = api.post("/api/v1/alerts", Map.of("type", "partner-compromise", "severity", "critical",
        "source", "xdr", "partnerTenantId", FakeGraph.PARTNER_TENANT, "customerTenantIds", List.of(C1, C2)));

    assertThat(reply.status()).isEqualTo(202);
    JsonNode opened = reply.body().path("incidents").get(0);
    assertThat(opened.path("playbook").asText()).isEqualTo("revoke-partner-access");
    String incidentId = opened.path("incidentId").asText();
    awaitState(incidentId, "awaiting_approval");
    assertThat(graph.requests("POST", ".*/requests")).as("nothing before the approval").isEmpty();

    JsonNode approval = approvalOf(ann, incidentId);
    String approvalId = approval.path("approvalId").asText();
    String digest = approval.path("planDigest").asText();
    assertThat(approval.path("requiredApprovals").asInt()).as("irreversible: two approvers").isEqualTo(2);
    assertThat(approval.path("irreversible").asBoolean()).isTrue();
    assertThat(approval.path("partitions").fieldNames()).toIterable().containsExactly(GdapActivities.PARTITION);
    assertThat(approval.path("hostCount").asInt()).isZero();
    assertThat(approval.path("plan").path("digest").asText()).isEqualTo(digest);
    assertThat(approval.path("plan").path("tenants").path("customers")).extracting(JsonNode::asText)
        .containsExactly(C1, C2);
    assertThat(approval.path("plan").path("tenants").path("partnerTenantId").asText())
        .isEqualTo(FakeGraph.PARTNER_TENANT);
    assertThat(eve.get("/api/v1/approvals/" + approvalId).status()).as("outside eve's partitions").isEqualTo(403);
    assertThat(eve.post("/api/v1/approvals/" + approvalId + "/approve",
        Map.of("reason", "sure", "planDigest", digest)).status()).isEqualTo(403);
    assertThat(eve.get("/api/v1/incidents/" + incidentId).status()).isEqualTo(403);
    assertThat(ann.post("/api/v1/approvals/" + approvalId + "/approve", Map.of("reason", "ok", "planDigest",
        "sha256:0000")).status()).as("a stale digest").isEqualTo(409);

    ApiClient.Reply first = ann.post("/api/v1/approvals/" + approvalId + "/approve",
        Map.of("reason", "partner confirmed the compromise", "planDigest", digest));
    assertThat(first.status()).as(first.body().toString()).isEqualTo(200);
    assertThat(first.body().path("state").asText()).as("one of two approvals").isEqualTo("pending");
    ApiClient.Reply twice = ann.post("/api/v1/approvals/" + approvalId + "/approve",
        Map.of("reason", "again", "planDigest", digest));
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.body().path("error").asText()).contains("ann already approved");
    assertThat(graph.requests("POST", ".*/requests")).as("nothing after one approval").isEmpty();
    ApiClient.Reply second = ben.post("/api/v1/approvals/" + approvalId + "/approve",
        Map.of("reason", "seen the alert", "planDigest", digest));
    JsonNode incident = awaitEnd(incidentId);

    assertThat(second.status()).as(second.body().toString()).isEqualTo(200);
    assertThat(second.body().path("state").asText()).isEqualTo("approved");
    assertThat(incident.path("state").asText()).as(incident.toString()).isEqualTo("completed");
    assertThat(incident.path("decidedBy").asText()).isEqualTo("ann, ben");
    JsonNode grant = api.get("/api/v1/grants?incident=" + incidentId).body().get(0);
    assertThat(grant.path("partitions")).extracting(JsonNode::asText).containsExactly(GdapActivities.PARTITION);
    assertThat(grant.path("actions")).extracting(JsonNode::asText).contains("revoke-gdap");
    assertThat(grant.path("approvalId").asText()).isEqualTo(approvalId);
    String grantId = grant.path("grantId").asText();
    assertThat(incident.path("steps")).singleElement().satisfies(step -> {
      assertThat(step.path("name").asText()).isEqualTo("revoke");
      assertThat(step.path("state").asText()).isEqualTo("done");
      assertThat(step.path("total").asInt()).isEqualTo(3);
      assertThat(step.path("succeeded").asInt()).isEqualTo(3);
      assertThat(step.path("failed").asInt()).isZero();
    });
    assertThat(incident.path("tenantTargets").path("customerTenantIds")).extracting(JsonNode::asText)
        .containsExactly(C1, C2);
    Map<String, JsonNode> byRelationship = new HashMap<>();
    incident.path("tenants").forEach(row -> byRelationship.put(row.path("relationshipId").asText(), row));
    assertThat(byRelationship).containsOnlyKeys(named);
    assertThat(byRelationship.values()).allSatisfy(row -> {
      assertThat(row.path("outcome").asText()).isEqualTo("terminated");
      assertThat(row.path("partnerTenantId").asText()).isEqualTo(FakeGraph.PARTNER_TENANT);
      assertThat(row.path("evidence").path("finalStatus").asText()).isEqualTo("terminated");
      assertThat(row.path("evidence").path("terminationRequestId").asText()).isNotBlank();
      assertThat(row.path("evidence").path("grantId").asText()).isEqualTo(grantId);
    });
    assertThat(byRelationship.get(named.get(0)).path("evidence").path("deletedAccessAssignmentIds")).hasSize(2);
    assertThat(byRelationship.get(named.get(2)).path("customerTenantId").asText()).isEqualTo(C2);
    assertThat(incident.path("tenantOutcomes").path("revoke.terminated").asInt()).isEqualTo(3);
    named.forEach(id -> assertThat(graph.status(id)).isEqualTo("terminated"));
    assertThat(graph.status(untouched)).as("a customer the alert did not name").isEqualTo("active");
    assertThat(incident.toString()).doesNotContain(FakeGraph.CLIENT_SECRET);
    JsonNode audit = api.get("/api/v1/audit?incident=" + incidentId + "&limit=1000").body().path("events");
    List<String> actions = new java.util.ArrayList<>();
    audit.forEach(event -> actions.add(event.path("action").asText() + ":" + event.path("actor").asText()));
    assertThat(actions).contains("APPROVAL_REQUESTED:alert:" + reply.body().path("alertId").asText(),
        "GRANT_MINTED:ann,ben", "COMMAND_RESULT:orchestrator", "INCIDENT_ENDED:system");
    assertThat(audit.toString()).doesNotContain(FakeGraph.CLIENT_SECRET);

    ApiClient.Reply rollback = api.post("/api/v1/incidents/" + incidentId + "/rollback", Map.of("reason", "test"));
    JsonNode rolledBack = awaitState(incidentId, "rolled_back");
    assertThat(rollback.status()).isEqualTo(202);
    assertThat(rolledBack.path("abortReason").asText()).endsWith("; irreversible, not undone: revoke");
    named.forEach(id -> assertThat(graph.status(id)).isEqualTo("terminated"));
  }

  @Test
  void alertAboutAnotherPartner_failsTheStepAndRevokesNothing() throws Exception {
    String relationship = graph.addRelationship("aaaaaaaa-0000-0000-0000-000000000004", "active", 1);
    Map<String, Object> alert = Map.of("type", "partner-compromise", "severity", "high", "source", "xdr",
        "partnerTenantId", OTHER_PARTNER);
    String incidentId = api.post("/api/v1/alerts", alert).body().path("incidents").get(0).path("incidentId").asText();
    awaitState(incidentId, "awaiting_approval");
    JsonNode again = api.post("/api/v1/alerts", alert).body().path("incidents").get(0);
    assertThat(again.path("joined").asBoolean()).as("same partner, same incident").isTrue();
    assertThat(again.path("incidentId").asText()).isEqualTo(incidentId);

    approveTwice(incidentId);
    JsonNode incident = awaitEnd(incidentId);

    assertThat(incident.path("state").asText()).isEqualTo("failed");
    assertThat(incident.path("error").asText()).isEqualTo("step revoke (revoke-gdap) failed: the incident is about"
        + " partner " + OTHER_PARTNER + " but gdap.tenantId is " + FakeGraph.PARTNER_TENANT
        + ": this orchestrator holds another partner's credentials; nothing was revoked");
    assertThat(incident.path("tenants")).isEmpty();
    assertThat(graph.status(relationship)).isEqualTo("active");
  }

  @Test
  void responderPlansAndRuns_onNamedCustomersOrAll_badTargetsAre400NamingTheField() throws Exception {
    String customer = "aaaaaaaa-0000-0000-0000-000000000005";
    String relationship = graph.addRelationship(customer, "active", 1);
    String path = "/api/v1/playbooks/revoke-partner-access/";

    JsonNode named = api.post(path + "plan", Map.of("customers", List.of(customer.toUpperCase()))).body();
    JsonNode all = api.post(path + "plan", Map.of("allCustomers", true)).body();

    assertThat(named.path("tenants").path("description").asText())
        .isEqualTo("1 customer of the partner " + FakeGraph.PARTNER_TENANT + ": " + customer);
    assertThat(all.path("tenants").path("description").asText())
        .isEqualTo("all customers of the partner " + FakeGraph.PARTNER_TENANT);
    assertThat(named.path("irreversibleSteps")).extracting(JsonNode::asText).containsExactly("revoke");
    assertThat(named.path("steps").get(0).path("runsIn").asText()).isEqualTo("orchestrator");
    assertThat(named.path("digest").asText()).isNotEqualTo(all.path("digest").asText());
    assertBadRequest(api.post(path + "plan", Map.of()), "customers", "no tenant targets");
    assertBadRequest(api.post(path + "plan", Map.of("customers", List.of("contoso"))), "customers[0]", "GUID");
    assertBadRequest(api.post(path + "plan", Map.of("hosts", List.of("web-1"))), "hosts", "no step that runs on hosts");
    assertBadRequest(api.post(path + "runs", Map.of("customers", List.of(customer))), "justification", "required");
    assertThat(named.path("partitions")).extracting(JsonNode::asText).containsExactly(GdapActivities.PARTITION);
    assertThat(named.path("approval").path("required").asInt()).isEqualTo(2);
    ApiClient.Reply outOfScope = rex.post(path + "runs", Map.of("customers", List.of(customer), "justification", "x"));
    assertThat(outOfScope.status()).isEqualTo(403);
    assertThat(outOfScope.body().path("error").asText()).contains("[gdap] outside your scope [default]");

    ApiClient.Reply run = api.post(path + "runs", Map.of("customers", List.of(customer), "justification", "test"));
    String incidentId = run.body().path("incidentId").asText();
    awaitState(incidentId, "awaiting_approval");
    approveTwice(incidentId);

    assertThat(run.status()).isEqualTo(202);
    assertThat(awaitEnd(incidentId).path("state").asText()).isEqualTo("completed");
    assertThat(graph.status(relationship)).isEqualTo("terminated");
  }

  /** The approval request of {@code incidentId} as {@code approver} sees it (with its plan). */
  private static JsonNode approvalOf(ApiClient approver, String incidentId) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      for (JsonNode approval : approver.get("/api/v1/approvals").body()) {
        if (approval.path("incidentId").asText().equals(incidentId)) {
          return approver.get("/api/v1/approvals/" + approval.path("approvalId").asText()).body();
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no approval request for " + incidentId);
  }

  /** ann, then ben, approve the current plan of {@code incidentId}. */
  private static void approveTwice(String incidentId) throws Exception {
    JsonNode approval = approvalOf(ann, incidentId);
    for (ApiClient approver : List.of(ann, ben)) {
      ApiClient.Reply reply = approver.post("/api/v1/approvals/" + approval.path("approvalId").asText() + "/approve",
          Map.of("reason", "go", "planDigest", approval.path("planDigest").asText()));
      assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
    }
  }

  private static void assertBadRequest(ApiClient.Reply reply, String field, String message) {
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(400);
    assertThat(reply.body().path("field").asText()).isEqualTo(field);
    assertThat(reply.body().path("error").asText()).contains(message);
  }

  @Test
  void theClientSecret_isInNoStoredFileButTheOwnerOnlyConfiguration() throws Exception {
    try (Stream<Path> files = Files.walk(dataDir)) {
      List<Path> holding = files.filter(Files::isRegularFile).filter(file -> contains(file, FakeGraph.CLIENT_SECRET))
          .toList();
      assertThat(holding).extracting(path -> path.getFileName().toString()).containsOnly("firebreak.yml");
    }
    assertThat(Files.getPosixFilePermissions(dataDir.resolve("server").resolve("firebreak.yml")))
        .extracting(Object::toString).containsOnly("OWNER_READ", "OWNER_WRITE");
  }

  private static boolean contains(Path file, String text) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(text);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private static JsonNode playbook(String name) throws Exception {
    for (JsonNode playbook : api.get("/api/v1/playbooks").body()) {
      if (playbook.path("name").asText().equals(name)) {
        return playbook;
      }
    }
    throw new AssertionError("no playbook " + name);
  }

  private static JsonNode awaitState(String incidentId, String state) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    JsonNode incident = null;
    while (Instant.now().isBefore(deadline)) {
      incident = api.get("/api/v1/incidents/" + incidentId).body();
      if (incident.path("state").asText().equals(state)) {
        return incident;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("incident " + incidentId + " is not " + state + " after 60 s: " + incident);
  }

  private static JsonNode awaitEnd(String incidentId) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    JsonNode incident = null;
    while (Instant.now().isBefore(deadline)) {
      incident = api.get("/api/v1/incidents/" + incidentId).body();
      if (IncidentState.isTerminal(incident.path("state").asText())) {
        return incident;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("incident " + incidentId + " did not end within 60 s: " + incident);
  }
}
