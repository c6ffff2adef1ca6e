package io.firebreak.cli.connection;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.cli.CliException;
import io.firebreak.cli.ExitCodes;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns failed requests into messages that say what went wrong and what to do, with the exit
 * code of each kind of failure ({@link ExitCodes}). The one place that maps HTTP to the CLI.
 */
public final class ApiErrors {
  private ApiErrors() {}

  /** The server could not be reached (exit 5); names the URL and where it came from. */
  public static CliException unreachable(Connection connection, IOException error) {
    return new CliException(ExitCodes.UNREACHABLE,
        "cannot reach the Firebreak server at " + connection.server() + ": " + reason(error),
        "check that the server is running and that the URL (from " + connection.serverSource()
            + ") is right; set it with --server URL, FIREBREAK_URL or firebreak login");
  }

  /** No token configured (exit 4). */
  public static CliException noToken(Connection connection) {
    return new CliException(ExitCodes.AUTH, "no API token for " + connection.server(),
        "pass --token TOKEN, set FIREBREAK_TOKEN, or run: firebreak login --server " + connection.server()
            + " --token TOKEN");
  }

  /** The exception for a non-2xx response, by status. */
  public static CliException of(Connection connection, ApiResponse response) {
    int status = response.status();
    String serverSays = response.errorText();
    if (status == 401) {
      return new CliException(ExitCodes.AUTH,
          "the server at " + connection.server() + " refused the token (from " + connection.tokenSource()
              + "): 401 Unauthorized, the token is unknown, expired or revoked",
          "get a valid token from an admin, then run: firebreak login --server " + connection.server()
              + " --token TOKEN (or set FIREBREAK_TOKEN)");
    }
    if (status == 403) {
      return forbidden(response);
    }
    if (status == 400 || status == 422) {
      return new CliException(ExitCodes.USAGE, "the server refused " + response.request() + " as invalid: "
          + (serverSays == null ? "HTTP " + status : serverSays));
    }
    if ((status == 404 || status == 405) && !response.answeredByApi()) {
      return missingEndpoint(connection, response, null);
    }
    String what = serverSays == null ? "HTTP " + status : serverSays;
    String hint = status >= 500 ? "the server failed; its log says why" : null;
    return new CliException(ExitCodes.FAILED, response.request() + " failed (" + status + "): " + what, hint);
  }

  /**
   * The server has no such endpoint (404/405 from the framework rather than the API): it is older
   * than this CLI. {@code instead} names what to do meanwhile, or null.
   */
  public static CliException missingEndpoint(Connection connection, ApiResponse response, String instead) {
    return new CliException(ExitCodes.FAILED,
        "the server at " + connection.server() + " does not offer " + response.request() + " (HTTP "
            + response.status() + "): it is older than this CLI or the feature is not deployed there",
        instead);
  }

  /** A 403: names the roles the request needs and the caller's role when the server says them. */
  private static CliException forbidden(ApiResponse response) {
    JsonNode body = response.body();
    List<String> needed = new ArrayList<>();
    body.path("requiredRoles").forEach(role -> needed.add(role.asText()));
    String message = "permission refused for " + response.request() + " (403)";
    if (!needed.isEmpty()) {
      message += ": it needs a token with the role " + String.join(" or ", needed);
      if (body.hasNonNull("role")) {
        message += "; this token" + (body.hasNonNull("name") ? " ('" + body.get("name").asText() + "')" : "")
            + " has the role " + body.get("role").asText();
      }
    } else if (response.errorText() != null) {
      message += ": " + response.errorText();
    }
    return new CliException(ExitCodes.AUTH, message,
        "ask an admin for a token with " + (needed.isEmpty() ? "the needed role" : "one of those roles")
            + "; firebreak whoami shows the roles of yours");
  }

  private static String reason(IOException error) {
    if (error instanceof HttpConnectTimeoutException) {
      return "the connection timed out";
    }
    if (error instanceof HttpTimeoutException) {
      return "no answer in time";
    }
    Throwable cause = error;
    while (cause != null) {
      if (cause instanceof UnresolvedAddressException || cause instanceof java.net.UnknownHostException) {
        return "unknown host";
      }
      if (cause instanceof ConnectException) {
        return "connection refused";
      }
      cause = cause.getCause();
    }
    return error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
  }
}
