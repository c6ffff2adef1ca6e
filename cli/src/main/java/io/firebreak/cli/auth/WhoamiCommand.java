package io.firebreak.cli.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.cli.CliCommand;
import io.firebreak.cli.ExitCodes;
import io.firebreak.cli.connection.ApiErrors;
import io.firebreak.cli.connection.ApiResponse;
import io.firebreak.cli.connection.Connection;
import io.firebreak.cli.output.Json;
import io.firebreak.cli.output.OutputOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code firebreak whoami}: who the server takes the token for, and its roles. */
@Command(name = "whoami", description = "Show the server, and the name and roles the server knows the token by.")
public final class WhoamiCommand extends CliCommand implements Callable<Integer> {
  @Mixin
  private OutputOptions output;

  @Override
  public Integer call() {
    Connection connection = api().connection();
    ApiResponse response = api().send("GET", "/api/v1/whoami", null);
    if ((response.status() == 404 || response.status() == 405) && !response.answeredByApi()) {
      throw ApiErrors.missingEndpoint(connection, response, null);
    }
    JsonNode whoami = api().require(response);
    if (output.json()) {
      Json.print(out(), whoami);
      return ExitCodes.OK;
    }
    out().println("server:  " + connection.server() + "  (from " + connection.serverSource() + ")");
    out().println("name:    " + Json.text(whoami, "name", "?"));
    out().println("roles:   " + String.join(", ", roles(whoami)));
    out().println("token:   " + Json.text(whoami, "tokenId", "?") + "  (from " + connection.tokenSource() + ")");
    out().flush();
    return ExitCodes.OK;
  }

  /** {@code alice (roles: responder)}. */
  static String describe(JsonNode whoami) {
    return Json.text(whoami, "name", "?") + " (roles: " + String.join(", ", roles(whoami)) + ")";
  }

  private static List<String> roles(JsonNode whoami) {
    List<String> roles = new ArrayList<>();
    whoami.path("roles").forEach(role -> roles.add(role.asText()));
    return roles;
  }
}
