package io.firebreak.cli.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.cli.CliException;
import io.firebreak.cli.ExitCodes;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The orchestrator's REST API over {@link HttpClient}, JSON in and out, with the bearer token.
 * {@link #get}/{@link #post} throw a {@link CliException} for anything but 2xx; {@link #send}
 * returns the response as it is for callers that handle some statuses themselves. Failing to
 * connect is always a {@link CliException} with exit 5. Thread-safe.
 */
public final class ApiClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final Connection connection;
  private final HttpClient http;

  public ApiClient(Connection connection) {
    this.connection = connection;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
  }

  public Connection connection() {
    return connection;
  }

  /** GET; the body of a 2xx response. */
  public JsonNode get(String path) {
    return require(send("GET", path, null));
  }

  /** POST with a JSON body; the body of a 2xx response. */
  public JsonNode post(String path, JsonNode body) {
    return require(send("POST", path, body));
  }

  /** Throws the right {@link CliException} unless the response is 2xx; returns its body. */
  public JsonNode require(ApiResponse response) {
    if (!response.ok()) {
      throw ApiErrors.of(connection, response);
    }
    return response.body();
  }

  /** Sends one request (body null for none); any HTTP status is returned, not thrown. */
  public ApiResponse send(String method, String path, JsonNode body) {
    if (connection.token() == null) {
      throw ApiErrors.noToken(connection);
    }
    String request = method + " " + path;
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(connection.server() + path))
        .timeout(REQUEST_TIMEOUT)
        .header("Accept", "application/json")
        .header("Authorization", "Bearer " + connection.token());
    if (body != null) {
      builder.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
    } else {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new ApiResponse(request, response.statusCode(), parse(response.body()));
    } catch (IOException e) {
      throw ApiErrors.unreachable(connection, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILED, "interrupted while waiting for " + request);
    }
  }

  /** {@code path?k=v&...} with the values URL-encoded; null values are left out. */
  public static String query(String path, Map<String, ?> parameters) {
    StringJoiner joined = new StringJoiner("&");
    parameters.forEach((name, value) -> {
      Iterable<?> values = value instanceof Iterable<?> many ? many : value == null ? java.util.List.of() : java.util.List.of(value);
      for (Object one : values) {
        joined.add(name + "=" + URLEncoder.encode(String.valueOf(one), StandardCharsets.UTF_8));
      }
    });
    return joined.length() == 0 ? path : path + "?" + joined;
  }

  /** A path segment, encoded (incident ids and playbook names come from the user). */
  public static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      return MAPPER.nullNode();
    }
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      return MAPPER.getNodeFactory().textNode(text.strip());
    }
  }
}
