package io.firebreak.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.agent.simulate.FleetOptions;
import io.firebreak.agent.simulate.SimulatedFleet;
import io.firebreak.orchestrator.demo.ApiClient;
import io.firebreak.orchestrator.demo.LocalOrchestrator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The on-call web UI in a real browser against a real orchestrator with simulated hosts: an
 * approver reviews and approves a partition isolation and watches it complete; the requester
 * cannot approve their own request; forged state changes are refused. Screenshots of each stage
 * go to {@code target/screenshots/}.
 */
class WebUiIT {
  static final int BLUE_HOSTS = 12;
  static final String APPROVER = "alice";
  static final String REQUESTER = "bob";
  static final String PASSWORD = "correct horse battery staple";

  static Path dataDir;
  static LocalOrchestrator orchestrator;
  static ApiClient admin;
  static SimulatedFleet fleet;
  static boolean usersCreated;

  @BeforeAll
  static void start() throws Exception {
    dataDir = Files.createDirectories(Path.of("target", "it-data")).resolve("webui-" + System.currentTimeMillis());
    // The shipped policy: isolating a whole partition needs one approver.
    orchestrator = new LocalOrchestrator(dataDir.resolve("server"), List.of("blue", "green"))
        .policy(Path.of("..", "policy", "policy.yaml"))
        .start(Path.of("..", "playbooks"), "WARN");
    admin = new ApiClient(URI.create(orchestrator.apiUrl()), orchestrator.adminToken());
    // Hosts alternate blue, green; each action takes a moment so the progress is visible.
    fleet = SimulatedFleet.start(FleetOptions.builder()
        .gateway(orchestrator.gatewayTarget())
        .hosts(2 * BLUE_HOSTS)
        .hostIdPrefix("web")
        .partitions(List.of("blue", "green"))
        .labels(Map.of("role", "web"))
        .trustFiles(List.of(orchestrator.trustFile("blue"), orchestrator.trustFile("green")))
        .stateDirectory(dataDir.resolve("agents"))
        .actionLatency(Duration.ofMillis(1500))
        .build());
    assertThat(fleet.awaitConnected(2 * BLUE_HOSTS, Duration.ofSeconds(30))).isTrue();
    Instant deadline = Instant.now().plusSeconds(30);
    while (admin.connectedAgents() < 2 * BLUE_HOSTS && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
    }
  }

  @AfterAll
  static void stop() {
    if (fleet != null) {
      fleet.close();
    }
  }

  @Test
  void approver_reviewsThePlanApprovesAndWatchesTheIncidentComplete() throws Exception {
    Browser.assumeInstalled();
    JsonNode approval = requestIsolationOfBlue("web UI test: approve from the browser");
    String approvalId = approval.path("approvalId").asText();
    String incidentId = approval.path("incidentId").asText();

    try (Browser browser = Browser.start(orchestrator.apiUrl())) {
      browser.open("/");
      browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
      assertThat(browser.driver().getCurrentUrl()).contains("/ui/");
      browser.screenshot("01-login");
      browser.signIn(APPROVER, PASSWORD);

      WebElement row = browser.await(ExpectedConditions.visibilityOfElementLocated(
          By.cssSelector("tr.approval-row[data-approval-id='" + approvalId + "']")));
      assertThat(row.findElement(By.className("host-count")).getText()).isEqualTo(BLUE_HOSTS + " hosts");
      assertThat(row.findElement(By.cssSelector(".chip[data-partition='blue']")).getText())
          .isEqualTo("blue · " + BLUE_HOSTS);
      assertThat(row.findElement(By.className("countdown")).getText()).startsWith("expires in ");
      browser.screenshot("02-pending-approvals");

      row.findElement(By.className("approval-link")).click();
      WebElement digest = browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("plan-digest")));
      assertThat(digest.getText()).isEqualTo(approval.path("planDigest").asText()).startsWith("sha256:");
      List<String> hosts = browser.findAll(By.cssSelector(".partition[data-partition='blue'] .host-list li"))
          .stream().map(WebElement::getText).toList();
      assertThat(hosts).containsExactlyInAnyOrderElementsOf(blueHosts());
      WebElement isolate = browser.find(By.cssSelector("tr.plan-step[data-step='isolate']"));
      assertThat(isolate.getText()).contains("isolate-host", "partition compromise", "undone by release-host");
      assertThat(browser.find(By.id("waves")).getText()).contains(BLUE_HOSTS + " hosts");
      assertThat(browser.findAll(By.id("why-not"))).isEmpty();
      browser.screenshot("03-approval-detail");

      browser.find(By.id("decision-reason")).sendKeys("Confirmed compromise of blue (web UI test)");
      browser.find(By.id("approve")).click();
      browser.await(driver -> driver.getCurrentUrl().endsWith("#/incidents/" + incidentId));
      browser.await(ExpectedConditions.visibilityOfElementLocated(By.className("progress")));
      browser.screenshot("04-incident-running");
      // Until it has ended (the poll stops there), then it must have ended well.
      browser.await(driver -> !driver.findElements(By.cssSelector(".live[hidden]")).isEmpty(), Duration.ofSeconds(60));
      assertThat(browser.find(By.id("incident")).getAttribute("data-state"))
          .as(browser.find(By.id("view")).getText()).isEqualTo("completed");
      assertThat(browser.find(By.id("incident-state")).getText()).isEqualTo("completed");
      List<WebElement> bars = browser.findAll(By.cssSelector(".step .progress"));
      assertThat(bars).isNotEmpty().allSatisfy(bar -> {
        assertThat(bar.getAttribute("aria-valuemax")).isEqualTo(Integer.toString(BLUE_HOSTS));
        assertThat(bar.getAttribute("aria-valuenow")).isEqualTo(Integer.toString(BLUE_HOSTS));
      });
      browser.await(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#hosts summary")));
      browser.screenshot("05-incident-completed");
      assertThat(blueHosts()).allSatisfy(host -> assertThat(fleet.host(host).isolated()).isTrue());
      assertThat(admin.get("/api/v1/incidents/" + incidentId).body().path("decidedBy").asText()).isEqualTo(APPROVER);

      browser.find(By.cssSelector("#nav a[data-section='audit']")).click();
      browser.await(driver -> driver.findElements(By.cssSelector("#audit .audit-row")).stream()
          .map(WebElement::getText)
          .anyMatch(text -> text.contains("APPROVAL_DECIDED") && text.contains(APPROVER) && text.contains(incidentId)));
      browser.find(By.id("audit-verify")).click();
      browser.await(ExpectedConditions.textMatches(By.id("audit-verdict"), java.util.regex.Pattern.compile("^Intact: ")));
      browser.screenshot("06-audit");

      Cookie session = browser.driver().manage().getCookieNamed("fb_session");
      assertThat(session.isHttpOnly()).isTrue();
      browser.find(By.id("logout")).click();
      browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
      browser.assertNoPolicyViolations();
      SessionClient stolen =
          SessionClient.withCookie(URI.create(orchestrator.apiUrl()), "fb_session=" + session.getValue());
      assertThat(stolen.get("/api/v1/session").status())
          .as("the session is invalid after logout").isEqualTo(401);
    }
  }

  @Test
  void requester_seesNoApproveButtonAndWhy() throws Exception {
    Browser.assumeInstalled();
    String approvalId = requestIsolationOfBlue("web UI test: the requester looks").path("approvalId").asText();

    try (Browser browser = Browser.start(orchestrator.apiUrl())) {
      browser.open("/ui/#/approvals/" + approvalId);
      browser.signIn(REQUESTER, PASSWORD);

      WebElement whyNot = browser.await(ExpectedConditions.visibilityOfElementLocated(By.id("why-not")));
      assertThat(whyNot.getText()).contains("you requested it");
      assertThat(browser.findAll(By.id("approve"))).isEmpty();
      assertThat(browser.findAll(By.id("deny"))).isEmpty();
      assertThat(browser.find(By.id("plan-digest")).getText()).startsWith("sha256:");
      browser.screenshot("07-requester-cannot-approve");
      browser.assertNoPolicyViolations();
    }
  }

  @Test
  void stateChangesWithoutTheCsrfToken_areRefusedAndChangeNothing() throws Exception {
    String approvalId = requestIsolationOfBlue("web UI test: forged requests").path("approvalId").asText();
    SessionClient approver = signedIn(APPROVER);
    SessionClient requester = signedIn(REQUESTER);
    String digest = approver.get("/api/v1/approvals/" + approvalId).body().path("planDigest").asText();
    Map<String, Object> decision = Map.of("reason", "forged", "planDigest", digest);
    String approve = "/api/v1/approvals/" + approvalId + "/approve";
    String runs = "/api/v1/playbooks/isolate-partition/runs";
    int incidentsBefore = admin.get("/api/v1/incidents").body().size();

    List<SessionClient.Reply> withoutToken = List.of(
        approver.postWithToken(approve, decision, null),
        approver.postWithToken(approve, decision, "wrong-token"),
        approver.postWithToken(approve, decision, requester.csrfToken()),
        requester.postWithToken(runs, run("forged"), null),
        requester.postWithToken(runs, run("forged"), "wrong-token"),
        requester.delete("/api/v1/session", null));
    List<SessionClient.Reply> crossSite = List.of(
        approver.crossSiteFormPost(approve, "reason=forged&planDigest=" + digest),
        requester.crossSiteFormPost(runs, "partitions=blue&justification=forged"));
    SessionClient.Reply bareForm = requester.bareFormPost(runs, "partitions=blue&justification=forged");

    assertThat(withoutToken).allSatisfy(reply -> {
      assertThat(reply.status()).isEqualTo(403);
      assertThat(reply.body().path("error").asText()).isEqualTo("missing or wrong CSRF token");
    });
    assertThat(crossSite).allSatisfy(reply -> {
      assertThat(reply.status()).isEqualTo(403);
      assertThat(reply.body().path("error").asText()).isEqualTo("cross-site request refused");
    });
    // No browser sends this (it would add Origin and Sec-Fetch-Site); the API refuses the encoding
    // (415) before it looks at the session, so this is refused either way.
    assertThat(bareForm.status()).isIn(403, 415);
    assertThat(approver.get("/api/v1/approvals/" + approvalId).body().path("state").asText()).isEqualTo("pending");
    assertThat(admin.get("/api/v1/incidents").body().size()).isEqualTo(incidentsBefore);
    assertThat(requester.get("/api/v1/session").status()).as("the session survived the forged logout").isEqualTo(200);
  }

  @Test
  void signIn_setsAStrictHttpOnlyCookie_andAWrongPasswordIs401() throws Exception {
    SessionClient client = new SessionClient(URI.create(orchestrator.apiUrl()));
    ensureUsers();

    SessionClient.Reply wrong = client.login(APPROVER, "not the password");
    SessionClient.Reply right = client.login(APPROVER, PASSWORD);

    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.body().path("error").asText()).isNotBlank();
    assertThat(right.status()).isEqualTo(200);
    assertThat(right.body().path("user").asText()).isEqualTo(APPROVER);
    assertThat(right.body().path("roles")).extracting(JsonNode::asText).containsExactly("approver");
    assertThat(right.body().path("csrfToken").asText()).hasSizeGreaterThanOrEqualTo(16);
    String cookie = right.headers().allValues("Set-Cookie").stream()
        .filter(value -> value.startsWith("fb_session=")).findFirst().orElseThrow();
    List<String> attributes = java.util.Arrays.stream(cookie.split(";")).map(String::strip)
        .map(attribute -> attribute.toLowerCase(java.util.Locale.ROOT)).toList();
    assertThat(attributes).contains("httponly", "samesite=strict", "path=/").doesNotContain("secure");
    assertThat(client.get("/api/v1/session").body().path("user").asText()).isEqualTo(APPROVER);
  }

  @Test
  void everyUiAndApiResponse_carriesTheSecurityHeaders() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    URI base = URI.create(orchestrator.apiUrl());

    HttpResponse<String> root = http.send(HttpRequest.newBuilder(base.resolve("/")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(base.resolve("/ui/")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> script = http.send(HttpRequest.newBuilder(base.resolve("/ui/app.js")).build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> api = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/incidents")).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(root.statusCode()).isEqualTo(303);
    assertThat(root.headers().firstValue("Location"))
        .hasValueSatisfying(location -> assertThat(location).endsWith("/ui/"));
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(contentType(page)).isEqualTo("text/html;charset=utf-8");
    assertThat(page.body()).contains("<script type=\"module\" src=\"/ui/app.js\"></script>").doesNotContain("onclick");
    assertThat(contentType(script)).isEqualTo("text/javascript;charset=utf-8");
    assertThat(api.statusCode()).isEqualTo(401);
    for (HttpResponse<String> response : List.of(root, page, script, api)) {
      assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue(
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
              + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    }
    assertThat(api.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(http.send(HttpRequest.newBuilder(base.resolve("/ui/..%2Fpom.xml")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).isIn(400, 404);
  }

  private static String contentType(HttpResponse<?> response) {
    return response.headers().firstValue("Content-Type").orElse("").replace(" ", "").toLowerCase(java.util.Locale.ROOT);
  }

  /** Bob (a responder who is also an approver) asks to isolate blue; returns the approval. */
  static JsonNode requestIsolationOfBlue(String justification) throws Exception {
    SessionClient requester = signedIn(REQUESTER);
    SessionClient.Reply run = requester.post("/api/v1/playbooks/isolate-partition/runs", run(justification));
    assertThat(run.status()).as(run.body().toString()).isEqualTo(202);
    String incidentId = run.body().path("incidentId").asText();
    SessionClient approver = signedIn(APPROVER);
    Instant deadline = Instant.now().plusSeconds(20);
    while (Instant.now().isBefore(deadline)) {
      for (JsonNode approval : approver.get("/api/v1/approvals?state=pending").body()) {
        if (approval.path("incidentId").asText().equals(incidentId)) {
          return approval;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no pending approval for " + incidentId + " within 20 s");
  }

  static Map<String, Object> run(String justification) {
    return Map.of("partitions", List.of("blue"), "justification", justification, "ticket", "SEC-1234");
  }

  static SessionClient signedIn(String user) throws Exception {
    ensureUsers();
    SessionClient client = new SessionClient(URI.create(orchestrator.apiUrl()));
    SessionClient.Reply login = client.login(user, PASSWORD);
    assertThat(login.status()).as("sign-in of " + user + ": " + login.body()).isEqualTo(200);
    return client;
  }

  /** Alice approves for blue; bob responds and approves for blue, so only his own request stops him. */
  static synchronized void ensureUsers() throws Exception {
    if (usersCreated) {
      return;
    }
    for (Map<String, Object> user : List.of(
        Map.of("username", APPROVER, "password", PASSWORD, "roles", List.of("approver"), "partitions", List.of("blue")),
        Map.of("username", REQUESTER, "password", PASSWORD, "roles", List.of("responder", "approver"),
            "partitions", List.of("blue")))) {
      ApiClient.Reply created = admin.post("/api/v1/users", user);
      assertThat(created.status()).as("POST /api/v1/users: " + created.body()).isIn(200, 201);
    }
    usersCreated = true;
  }

  static List<String> blueHosts() {
    List<String> hosts = new ArrayList<>();
    for (int number = 1; number <= 2 * BLUE_HOSTS; number += 2) {
      hosts.add(String.format("web-%04d", number));
    }
    return hosts;
  }
}
