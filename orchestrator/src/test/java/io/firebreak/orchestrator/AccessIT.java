package io.firebreak.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.agent.simulate.FleetOptions;
import io.firebreak.agent.simulate.SimulatedFleet;
import io.firebreak.orchestrator.alert.AlertResource;
import io.firebreak.orchestrator.auth.AccessResource;
import io.firebreak.orchestrator.demo.ApiClient;
import io.firebreak.orchestrator.demo.LocalOrchestrator;
import io.firebreak.orchestrator.incident.ApprovalResource;
import io.firebreak.orchestrator.incident.GrantResource;
import io.firebreak.orchestrator.incident.IncidentResource;
import io.firebreak.orchestrator.incident.IncidentState;
import io.firebreak.orchestrator.playbook.PlaybookResource;
import io.firebreak.orchestrator.registry.AgentResource;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Zero standing access end to end on a real orchestrator (REST over HTTP, Temporal, H2, gateway)
 * with simulated hosts: every route refuses anonymous and wrong-role callers, data scope is
 * enforced per partition, an approval needs someone other than the requester naming the current
 * plan digest, and browser sessions need their CSRF token for every state change.
 */
class AccessIT {
  static final List<Class<?>> RESOURCES = List.of(AlertResource.class, PlaybookResource.class, IncidentResource.class,
      ApprovalResource.class, GrantResource.class, AgentResource.class, AccessResource.class);
  static LocalOrchestrator orchestrator;
  static ApiClient admin;
  static SimulatedFleet fleet;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    Path dataDir = Files.createDirectories(Path.of("target", "it-data")).resolve("access-" + System.currentTimeMillis());
    orchestrator = new LocalOrchestrator(dataDir.resolve("server"), List.of("blue", "green"))
        .policy(Path.of("..", "policy", "policy.yaml"))
        .start(Path.of("..", "playbooks"), "WARN");
    base = orchestrator.apiUrl();
    admin = new ApiClient(URI.create(base), orchestrator.adminToken());
    fleet = SimulatedFleet.start(FleetOptions.builder()
        .gateway(orchestrator.gatewayTarget())
        .hosts(6)
        .hostIdPrefix("node")
        .partitions(List.of("blue", "green"))
        .labels(Map.of("role", "node"))
        .trustFiles(List.of(orchestrator.trustFile("blue"), orchestrator.trustFile("green")))
        .stateDirectory(dataDir.resolve("agents"))
        .build());
    assertThat(fleet.awaitConnected(6, Duration.ofSeconds(30))).isTrue();
    createUser("rita", List.of("responder"), List.of("blue", "green"), 1);
    createUser("bea", List.of("approver"), List.of("blue"), 1);
    createUser("gus", List.of("approver"), List.of("green"), 1);
    createUser("tom", List.of("approver"), List.of("*"), 2);
    createUser("ria", List.of("responder", "approver"), List.of("green"), 1);
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void everyRoute_requiresAuthentication_andRefusesTheWrongRole() throws Exception {
    ApiClient anonymous = new ApiClient(URI.create(base), null);
    ApiClient trigger = new ApiClient(URI.create(base), token("detector", "trigger", null));
    List<String> checked = new ArrayList<>();
    for (Class<?> resource : RESOURCES) {
      String root = resource.getAnnotation(jakarta.ws.rs.Path.class).value();
      for (Method method : resource.getDeclaredMethods()) {
        String verb = method.isAnnotationPresent(GET.class) ? "GET" : method.isAnnotationPresent(POST.class) ? "POST"
            : method.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
        if (verb == null) {
          continue;
        }
        jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
        String path = (root + (sub == null ? "" : "/" + sub.value())).replaceAll("//+", "/")
            .replaceAll("\\{[^}]+}", "x-1");
        Object body = verb.equals("GET") || verb.equals("DELETE") ? null : Map.of();
        boolean login = path.equals("/api/v1/session") && verb.equals("POST");
        RolesAllowed roles = method.isAnnotationPresent(RolesAllowed.class) ? method.getAnnotation(RolesAllowed.class)
            : resource.getAnnotation(RolesAllowed.class);
        boolean permitAll = method.isAnnotationPresent(PermitAll.class);
        assertThat(login || roles != null || permitAll).as("%s %s declares who may call it", verb, path).isTrue();
        if (login) {
          assertThat(anonymous.send(verb, path, Map.of("username", "nobody", "password", "wrong-password!"),
              Map.of()).status()).as("login with bad credentials").isEqualTo(401);
          continue;
        }
        assertThat(anonymous.send(verb, path, body, Map.of()).status()).as("anonymous %s %s", verb, path)
            .isEqualTo(401);
        if (roles != null && !Arrays.asList(roles.value()).contains("trigger")) {
          ApiClient.Reply reply = trigger.send(verb, path, body, Map.of());
          assertThat(reply.status()).as("trigger token on %s %s", verb, path).isEqualTo(403);
        }
        checked.add(verb + " " + path);
      }
    }
    assertThat(checked).as("routes enumerated").hasSizeGreaterThan(20);
  }

  @Test
  void approvalFlow_scopeSelfApprovalDigestAndGrant() throws Exception {
    ApiClient rita = new ApiClient(URI.create(base), token("rita-cli", "responder", "rita"));
    ApiClient bea = new ApiClient(URI.create(base), token("bea-cli", "approver", "bea"));
    ApiClient gus = new ApiClient(URI.create(base), token("gus-cli", "approver", "gus"));

    ApiClient.Reply run = rita.post("/api/v1/playbooks/isolate-partition/runs",
        Map.of("partitions", List.of("blue"), "justification", "blue is compromised", "ticket", "INC-4711"));
    assertThat(run.status()).isEqualTo(202);
    String incidentId = run.body().path("incidentId").asText();
    JsonNode approval = awaitApproval(bea, incidentId);
    String approvalId = approval.path("approvalId").asText();
    assertThat(approval.path("requestedBy").asText()).isEqualTo("rita");
    assertThat(approval.path("ticket").asText()).isEqualTo("INC-4711");
    assertThat(approval.path("partitions").path("blue").asInt()).isEqualTo(3);
    assertThat(approval.path("reasons").toString()).contains("whole partition");
    JsonNode plan = approval.path("plan");
    assertThat(plan.path("targets").path("partitions").path("blue").path("hosts")).hasSize(3);
    String digest = approval.path("planDigest").asText();
    assertThat(plan.path("digest").asText()).isEqualTo(digest);

    // Out of scope: not listed, not readable, not decidable (403).
    assertThat(gus.get("/api/v1/approvals").body().toString()).doesNotContain(approvalId);
    assertThat(gus.get("/api/v1/approvals/" + approvalId).status()).isEqualTo(403);
    assertThat(gus.post("/api/v1/approvals/" + approvalId + "/approve",
        Map.of("reason", "sure", "planDigest", digest)).status()).isEqualTo(403);
    assertThat(gus.get("/api/v1/incidents/" + incidentId).status()).isEqualTo(403);
    assertThat(rita.get("/api/v1/approvals/" + approvalId).body().path("whyNot").asText())
        .isEqualTo("you are not an approver");
    // A decision must name the current plan.
    ApiClient.Reply stale = bea.post("/api/v1/approvals/" + approvalId + "/approve",
        Map.of("reason", "ok", "planDigest", "sha256:0000"));
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.body().path("error").asText()).contains("review the current plan");
    // A tier-2 approver cannot decide before the request escalates.
    ApiClient tom = new ApiClient(URI.create(base), token("tom-cli", "approver", "tom"));
    assertThat(tom.post("/api/v1/approvals/" + approvalId + "/approve",
        Map.of("reason", "ok", "planDigest", digest)).body().path("error").asText()).contains("tier 2");

    Instant clicked = Instant.now();
    ApiClient.Reply approved = bea.post("/api/v1/approvals/" + approvalId + "/approve",
        Map.of("reason", "checked the host list", "planDigest", digest));
    // The simulated hosts record a command the moment they execute it: the first one is on the wire.
    while (fleet.totalExecutions("isolate-host") == 0 && Duration.between(clicked, Instant.now()).toSeconds() < 30) {
      Thread.sleep(2);
    }
    System.out.println("approval click to first command executed on a host: "
        + Duration.between(clicked, Instant.now()).toMillis() + " ms");
    assertThat(approved.status()).isEqualTo(200);
    assertThat(approved.body().path("state").asText()).isEqualTo("approved");
    JsonNode incident = awaitEnd(admin, incidentId);
    assertThat(incident.path("state").asText()).as(incident.path("hosts").toString()).isEqualTo("completed");
    assertThat(incident.path("decidedBy").asText()).isEqualTo("bea");
    assertThat(fleet.hosts().values().stream().filter(host -> host.isolated()).count()).isEqualTo(3);
    JsonNode grants = admin.get("/api/v1/grants?incident=" + incidentId).body();
    assertThat(grants).singleElement().satisfies(grant -> {
      assertThat(grant.path("mintedBy").asText()).isEqualTo("bea");
      assertThat(grant.path("partitions").toString()).isEqualTo("[\"blue\"]");
      assertThat(grant.path("approvalId").asText()).isEqualTo(approvalId);
    });
    System.out.println("approval click to incident completed: "
        + Duration.between(clicked, Instant.now()).toMillis() + " ms");
    assertThat(bea.get("/api/v1/approvals/" + approvalId).body().path("state").asText()).isEqualTo("approved");

    // The audit trail tells the story, refusals included, and its chain verifies.
    List<String> actions = new ArrayList<>();
    JsonNode page = admin.get("/api/v1/audit?incident=" + incidentId + "&limit=1000").body();
    for (JsonNode event : page.has("events") ? page.path("events") : page) {
      actions.add(event.path("action").asText() + ":" + event.path("actor").asText());
    }
    assertThat(actions).contains("INCIDENT_OPENED:rita", "APPROVAL_REQUESTED:rita", "APPROVAL_DECIDED:bea",
        "GRANT_MINTED:bea", "COMMAND_RESULT:gateway", "INCIDENT_ENDED:system", "APPROVAL_REFUSED:bea");
    assertThat(admin.get("/api/v1/audit?actor=gus&limit=1000").body().toString()).contains("ACCESS_DENIED");
    JsonNode verify = admin.get("/api/v1/audit/verify").body();
    assertThat(verify.path("ok").asBoolean()).as(verify.toString()).isTrue();
  }

  @Test
  void theRequesterCannotApproveTheirOwnRequest_evenAsAnApprover() throws Exception {
    ApiClient riaRuns = new ApiClient(URI.create(base), token("ria-run", "responder", "ria"));
    ApiClient riaApproves = new ApiClient(URI.create(base), token("ria-approve", "approver", "ria"));
    String incidentId = riaRuns.post("/api/v1/playbooks/isolate-partition/runs",
        Map.of("partitions", List.of("green"), "justification", "green looks bad")).body().path("incidentId").asText();
    JsonNode approval = awaitApproval(riaApproves, incidentId);
    assertThat(approval.path("whyNot").asText()).isEqualTo("you requested it");

    ApiClient.Reply self = riaApproves.post("/api/v1/approvals/" + approval.path("approvalId").asText() + "/approve",
        Map.of("reason", "trust me", "planDigest", approval.path("planDigest").asText()));

    assertThat(self.status()).isEqualTo(409);
    assertThat(self.body().path("error").asText()).contains("the requester cannot approve their own request");
    ApiClient.Reply widerToken = admin.post("/api/v1/tokens", Map.of("name", "x", "role", "admin", "owner", "ria"));
    assertThat(widerToken.status()).isEqualTo(400);
    assertThat(widerToken.body().path("field").asText()).isEqualTo("role");
    assertThat(admin.post("/api/v1/incidents/" + incidentId + "/cancel", Map.of("reason", "test over")).status())
        .isEqualTo(202);
  }

  @Test
  void browserSession_needsItsCsrfTokenForStateChanges_andLogoutEndsIt() throws Exception {
    ApiClient anonymous = new ApiClient(URI.create(base), null);
    java.net.http.HttpResponse<String> login = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(URI.create(base + "/api/v1/session"))
            .header("Content-Type", "application/json")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                "{\"username\":\"bea\",\"password\":\"" + password("bea") + "\"}"))
            .build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(200);
    String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(setCookie).contains("fb_session=", "HttpOnly", "SameSite=Strict");
    String cookie = setCookie.substring(0, setCookie.indexOf(';'));
    String csrf = new com.fasterxml.jackson.databind.ObjectMapper().readTree(login.body()).path("csrfToken").asText();

    assertThat(anonymous.send("GET", "/api/v1/approvals", null, Map.of("Cookie", cookie)).status()).isEqualTo(200);
    ApiClient.Reply forged = anonymous.send("POST", "/api/v1/tokens", Map.of("name", "x", "role", "approver"),
        Map.of("Cookie", cookie));
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.body().path("error").asText()).isEqualTo("missing or wrong CSRF token");
    assertThat(anonymous.send("POST", "/api/v1/tokens", Map.of("name", "x", "role", "approver"),
        Map.of("Cookie", cookie, "X-CSRF-Token", "guess")).status()).isEqualTo(403);
    assertThat(anonymous.send("POST", "/api/v1/tokens", Map.of("name", "bea-laptop", "role", "approver"),
        Map.of("Cookie", cookie, "X-CSRF-Token", csrf)).status()).isEqualTo(201);

    assertThat(anonymous.send("DELETE", "/api/v1/session", null, Map.of("Cookie", cookie, "X-CSRF-Token", csrf))
        .status()).isEqualTo(204);
    assertThat(anonymous.send("GET", "/api/v1/approvals", null, Map.of("Cookie", cookie)).status()).isEqualTo(401);
  }

  @Test
  void aRefusalSentBeforeTheBodyArrives_closesTheConnection_soTheClientDoesNotReuseIt() throws Exception {
    URI uri = URI.create(base);
    byte[] body = "{\"partitions\":[\"blue\"],\"justification\":\"late body\"}".getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /api/v1/playbooks/isolate-partition/runs HTTP/1.1\r\nHost: " + uri.getAuthority()
          + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      String head = readHead(in);

      assertThat(head).startsWith("HTTP/1.1 401 ");
      // The server answered without the body; reusing this connection would fail once the body lands.
      assertThat(head.toLowerCase(Locale.ROOT)).contains("\r\nconnection: close\r\n");
      out.write(body);
      in.readNBytes(contentLength(head));
      assertThat(in.read()).as("the server closes the connection after the refusal").isEqualTo(-1);
    }
    // Clients that send headers and body together are refused the same way; the next request works.
    ApiClient anonymous = new ApiClient(URI.create(base), null);
    for (int i = 0; i < 50; i++) {
      assertThat(anonymous.send("POST", "/api/v1/playbooks/isolate-partition/runs",
          Map.of("partitions", List.of("blue"), "justification", "anonymous " + i), Map.of()).status()).isEqualTo(401);
    }
  }

  private static String readHead(InputStream in) throws java.io.IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int next = in.read();
      assertThat(next).as("response head, so far: %s", head).isNotEqualTo(-1);
      head.append((char) next);
    }
    return head.toString();
  }

  private static int contentLength(String head) {
    return head.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
        .map(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).strip())).findFirst().orElseThrow();
  }

  @Test
  void wrongPasswords_lockTheAccount() throws Exception {
    createUser("lou", List.of("responder"), List.of("blue"), 1);
    ApiClient anonymous = new ApiClient(URI.create(base), null);
    for (int i = 0; i < 5; i++) {
      assertThat(anonymous.post("/api/v1/session", Map.of("username", "lou", "password", "not-the-password"))
          .status()).isEqualTo(401);
    }
    ApiClient.Reply locked = anonymous.post("/api/v1/session", Map.of("username", "lou", "password", password("lou")));
    assertThat(locked.status()).isEqualTo(401);
    assertThat(locked.body().path("error").asText()).startsWith("too many failed logins");
  }

  private static String password(String user) {
    return "correct horse " + user + " battery";
  }

  private static void createUser(String name, List<String> roles, List<String> partitions, int tier) throws Exception {
    ApiClient.Reply reply = admin.post("/api/v1/users", Map.of("username", name, "password", password(name),
        "roles", roles, "partitions", partitions, "tier", tier));
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(201);
  }

  private static String token(String name, String role, String owner) throws Exception {
    Map<String, Object> body = new java.util.HashMap<>(Map.of("name", name, "role", role));
    if (owner != null) {
      body.put("owner", owner);
    }
    ApiClient.Reply reply = admin.post("/api/v1/tokens", body);
    assertThat(reply.status()).as(reply.body().toString()).isEqualTo(201);
    return reply.body().path("token").asText();
  }

  private static JsonNode awaitApproval(ApiClient client, String incidentId) throws Exception {
    Instant deadline = Instant.now().plusSeconds(30);
    while (Instant.now().isBefore(deadline)) {
      for (JsonNode approval : client.get("/api/v1/approvals").body()) {
        if (approval.path("incidentId").asText().equals(incidentId)) {
          return client.get("/api/v1/approvals/" + approval.path("approvalId").asText()).body();
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no approval request for " + incidentId);
  }

  private static JsonNode awaitEnd(ApiClient client, String incidentId) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      JsonNode incident = client.get("/api/v1/incidents/" + incidentId).body();
      if (IncidentState.isTerminal(incident.path("state").asText())) {
        return incident;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("incident " + incidentId + " did not end");
  }
}
