package io.firebreak.cli.connection;

import io.firebreak.cli.CliEnvironment;
import io.firebreak.cli.CliException;
import java.net.URI;
import java.net.URISyntaxException;

/**
 * Decides the server URL and token: {@code --server}/{@code --token} first, then
 * {@code FIREBREAK_URL}/{@code FIREBREAK_TOKEN}, then the file {@code firebreak login} wrote. Each
 * value is chosen on its own, so a flag can override just the token.
 */
public final class ConnectionResolver {
  /** The server when nothing is configured: {@code bin/firebreak server} on this machine. */
  public static final String DEFAULT_SERVER = "http://127.0.0.1:8080";

  private ConnectionResolver() {}

  public static Connection resolve(String serverFlag, String tokenFlag, CliEnvironment environment) {
    ConfigFile config = new ConfigFile(environment.configFile());
    ConfigFile.Saved saved = null;
    String server;
    String serverSource;
    if (serverFlag != null) {
      server = serverFlag;
      serverSource = "--server";
    } else if (environment.variable("FIREBREAK_URL") != null) {
      server = environment.variable("FIREBREAK_URL");
      serverSource = "FIREBREAK_URL";
    } else if ((saved = config.read()).server() != null) {
      server = saved.server();
      serverSource = config.path().toString();
    } else {
      server = DEFAULT_SERVER;
      serverSource = "the default; set --server, FIREBREAK_URL or run firebreak login";
    }
    String token;
    String tokenSource;
    if (tokenFlag != null) {
      token = tokenFlag;
      tokenSource = "--token";
    } else if (environment.variable("FIREBREAK_TOKEN") != null) {
      token = environment.variable("FIREBREAK_TOKEN");
      tokenSource = "FIREBREAK_TOKEN";
    } else {
      saved = saved != null ? saved : config.read();
      token = saved.token();
      tokenSource = token == null ? null : config.path().toString();
    }
    return new Connection(normalize(server, serverSource), serverSource, token, tokenSource);
  }

  /** {@code http(s)://host[:port][/prefix]} without a trailing slash; anything else is a usage error. */
  public static String normalize(String server, String source) {
    String trimmed = server.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    try {
      URI uri = new URI(trimmed);
      String scheme = uri.getScheme();
      if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw badUrl(server, source);
      }
      return trimmed;
    } catch (URISyntaxException e) {
      throw badUrl(server, source);
    }
  }

  private static CliException badUrl(String server, String source) {
    return new CliException(io.firebreak.cli.ExitCodes.USAGE,
        "'" + server + "' (from " + source + ") is not a server URL",
        "give one like http://firebreak.example:8080");
  }
}
