package io.firebreak.cli.auth;

import io.firebreak.cli.CliCommand;
import io.firebreak.cli.CliException;
import io.firebreak.cli.ExitCodes;
import io.firebreak.cli.connection.ApiClient;
import io.firebreak.cli.connection.ApiErrors;
import io.firebreak.cli.connection.ApiResponse;
import io.firebreak.cli.connection.ConfigFile;
import io.firebreak.cli.connection.Connection;
import io.firebreak.cli.connection.ConnectionResolver;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code firebreak login --server URL --token T}: checks the token against the server, then saves
 * both to the configuration file (mode 0600). Without {@code --token} (or {@code FIREBREAK_TOKEN})
 * the token is read from the terminal without echo, or from the first line of standard input.
 */
@Command(name = "login", description = {
    "Check a token against the server and save the server URL and token for later commands. "
    + "Writes $FIREBREAK_CONFIG or ~/.config/firebreak/config.json with mode 0600. "
    + "Without --token (or FIREBREAK_TOKEN), reads the token from the terminal (not echoed) or from standard input."})
public final class LoginCommand extends CliCommand implements Callable<Integer> {
  @Override
  public Integer call() throws IOException {
    Connection configured = root().connection();
    boolean given = "--token".equals(configured.tokenSource()) || "FIREBREAK_TOKEN".equals(configured.tokenSource());
    String token = given ? configured.token() : readToken();
    Connection connection = new Connection(configured.server(), configured.serverSource(), token, "the login");
    ApiResponse whoami = new ApiClient(connection).send("GET", "/api/v1/whoami", null);
    String identity;
    if (whoami.ok()) {
      identity = " as " + WhoamiCommand.describe(whoami.body());
    } else if ((whoami.status() == 404 || whoami.status() == 405) && !whoami.answeredByApi()) {
      identity = "";
      err().println("firebreak: warning: the server has no /api/v1/whoami, so the token could not be checked");
    } else {
      throw ApiErrors.of(connection, whoami);
    }
    ConfigFile config = new ConfigFile(environment().configFile());
    config.write(connection.server(), token);
    out().println("Logged in to " + connection.server() + identity + ".");
    out().println("Saved to " + config.path() + " (mode 0600).");
    out().flush();
    return ExitCodes.OK;
  }

  private String readToken() throws IOException {
    java.io.Console console = System.console();
    String token;
    if (console != null && environment().terminal()) {
      char[] typed = console.readPassword("API token for %s: ", root().connection().server());
      token = typed == null ? null : new String(typed);
    } else {
      BufferedReader reader = new BufferedReader(new InputStreamReader(environment().stdin(), StandardCharsets.UTF_8));
      token = reader.readLine();
    }
    if (token == null || token.isBlank()) {
      throw new CliException(ExitCodes.USAGE, "no token given",
          "pass --token TOKEN, or type or pipe it in: firebreak login --server "
              + ConnectionResolver.DEFAULT_SERVER + " < token-file");
    }
    return token.strip();
  }
}
