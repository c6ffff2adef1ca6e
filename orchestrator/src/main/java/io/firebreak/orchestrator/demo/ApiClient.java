package io.firebreak.orchestrator.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A minimal JSON client of the orchestrator's REST API with a bearer token, used by the demo and
 * the integration tests. Thread-safe.
 */
public final class ApiClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private final String token;

  public ApiClient(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** A response: HTTP status and the parsed JSON body (a missing body is JSON null). */
  public record Reply(int status, JsonNode body) {}

  public Reply get(String path) throws IOException, InterruptedException {
    return send(request(path).GET().build());
  }

  public Reply post(String path, Object body) throws IOException, InterruptedException {
    String json = body instanceof String text ? text : MAPPER.writeValueAsString(body);
    return send(request(path)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build());
  }

  /** Any request: {@code method} on {@code path} with a JSON {@code body} (or null) and extra headers. */
  public Reply send(String method, String path, Object body, java.util.Map<String, String> headers)
      throws IOException, InterruptedException {
    String json = body == null ? "" : body instanceof String text ? text : MAPPER.writeValueAsString(body);
    HttpRequest.Builder builder = request(path).method(method, body == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (body != null) {
      builder.header("Content-Type", "application/json");
    }
    headers.forEach(builder::header);
    return send(builder.build());
  }

  /** How many agents the registry shows as connected. */
  public int connectedAgents() throws IOException, InterruptedException {
    int connected = 0;
    for (JsonNode agent : get("/api/v1/agents").body()) {
      connected += agent.path("connected").asBoolean() ? 1 : 0;
    }
    return connected;
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private Reply send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    String text = response.body();
    JsonNode body = text == null || text.isBlank() ? MAPPER.nullNode() : parse(text);
    return new Reply(response.statusCode(), body);
  }

  private static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      return MAPPER.getNodeFactory().textNode(text);
    }
  }
}
