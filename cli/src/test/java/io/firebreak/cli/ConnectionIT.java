package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.orchestrator.demo.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reaching the server and being let in: URLs, tokens, roles, the login file. */
class ConnectionIT {
  static TestServer server;
  @TempDir Path home;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.shared();
  }

  @Test
  void unreachableServer_exits5AndNamesTheUrl() {
    String url = "http://127.0.0.1:" + FreePorts.pick();

    Cli.Result result = new Cli(home).run("incident", "list", "--server", url, "--token", "whatever");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(5);
    assertThat(result.err()).contains("cannot reach the Firebreak server at " + url).contains("--server");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void unknownToken_exits4WithWhatToDo() {
    Cli.Result result = Cli.connected(home, server.url(), "fbk_not-a-real-token").run("incident", "list");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(result.err()).contains("401").contains("FIREBREAK_TOKEN").contains("firebreak login");
  }

  @Test
  void noTokenAnywhere_exits4BeforeAsking() {
    Cli.Result result = new Cli(home).run("agent", "list", "--server", server.url());

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(result.err()).contains("no API token for " + server.url());
  }

  @Test
  void triggerTokenListingIncidents_exits4NamingTheMissingRole() {
    Cli.Result result = Cli.connected(home, server.url(), server.triggerToken).run("incident", "list");

    assertThat(result.exitCode()).as(result.toString()).isEqualTo(4);
    assertThat(result.err())
        .contains("permission refused for GET /api/v1/incidents")
        .contains("responder or approver or admin")
        .contains("('detector') has the role trigger");
  }

  @Test
  void whoami_showsNameAndRoles_asTableAndJson() throws Exception {
    Cli cli = Cli.connected(home, server.url(), server.responderToken);

    Cli.Result table = cli.run("whoami");
    Cli.Result json = cli.run("whoami", "--output", "json");

    assertThat(table.exitCode()).as(table.toString()).isZero();
    assertThat(table.out()).contains("name:    alice").contains("roles:   responder").contains(server.url());
    JsonNode parsed = new ObjectMapper().readTree(json.out());
    assertThat(parsed.path("name").asText()).isEqualTo("alice");
    assertThat(parsed.path("roles").get(0).asText()).isEqualTo("responder");
  }

  @Test
  void login_checksTheTokenAndSavesItOwnerOnly_thenCommandsUseIt() throws Exception {
    Path config = home.resolve("conf").resolve("firebreak.json");
    Cli cli = new Cli(home).env("FIREBREAK_CONFIG", config.toString());

    Cli.Result login = cli.run("login", "--server", server.url(), "--token", server.approverToken);
    Cli.Result whoami = cli.run("whoami", "-o", "json");

    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(login.out()).contains("Logged in to " + server.url() + " as bob (roles: approver)");
    assertThat(Files.getPosixFilePermissions(config)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(config)).contains(server.approverToken);
    assertThat(whoami.exitCode()).as(whoami.toString()).isZero();
    assertThat(whoami.out()).contains("\"bob\"");
  }

  @Test
  void loginWithBadToken_savesNothing() {
    Path config = home.resolve("config.json");
    Cli cli = new Cli(home).env("FIREBREAK_CONFIG", config.toString());

    Cli.Result login = cli.run("login", "--server", server.url(), "--token", "fbk_wrong");

    assertThat(login.exitCode()).as(login.toString()).isEqualTo(4);
    assertThat(config).doesNotExist();
  }

  @Test
  void loginReadsTheTokenFromStandardInput() {
    Path config = home.resolve("config.json");
    Cli cli = new Cli(home).env("FIREBREAK_CONFIG", config.toString()).stdin(server.responderToken + "\n");

    Cli.Result login = cli.run("login", "--server", server.url());

    assertThat(login.exitCode()).as(login.toString()).isZero();
    assertThat(login.out()).contains("as alice");
  }
}
