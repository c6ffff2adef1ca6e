package io.firebreak.cli.connection;

/**
 * Where the server is and which token to present, with where each came from (for error
 * messages: "from FIREBREAK_URL", "from /home/x/.config/firebreak/config.json").
 *
 * @param server the base URL without a trailing slash, e.g. {@code http://127.0.0.1:8080}
 * @param token the API token, or null when none is configured
 */
public record Connection(String server, String serverSource, String token, String tokenSource) {
  @Override
  public String toString() {
    // Never print the token.
    return "Connection[" + server + " (" + serverSource + "), token " + (token == null ? "none" : "from " + tokenSource) + "]";
  }
}
