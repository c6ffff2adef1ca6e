package io.firebreak.orchestrator.gdap.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.orchestrator.gdap.GdapException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Access tokens from the OAuth 2.0 client credentials grant, cached until shortly before they
 * expire. The secret goes only into the token request body; no message or log line carries it.
 * Thread-safe: one token request at a time.
 */
public final class ClientCredentialsTokens {
  private static final int MAX_DESCRIPTION = 200;

  private final HttpClient http;
  private final URI tokenUrl;
  private final String clientId;
  private final String clientSecret;
  private final String scope;
  private final Duration requestTimeout;
  private final Duration refreshMargin;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  private String token;
  private Instant renewAt = Instant.MIN;

  public ClientCredentialsTokens(HttpClient http, URI tokenUrl, String clientId, String clientSecret,
      String scope, Duration requestTimeout, Duration refreshMargin, Clock clock) {
    this.http = http;
    this.tokenUrl = tokenUrl;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
    this.scope = scope;
    this.requestTimeout = requestTimeout;
    this.refreshMargin = refreshMargin;
    this.clock = clock;
  }

  /**
   * A valid access token, from the cache or a new token request.
   *
   * @throws GdapException {@code CREDENTIALS_REFUSED} when the endpoint refuses the credentials
   * @throws TransientFailure when the endpoint is unreachable, throttles or fails (5xx)
   */
  synchronized String token() throws TransientFailure, InterruptedException {
    if (token != null && clock.instant().isBefore(renewAt)) {
      return token;
    }
    HttpRequest request = HttpRequest.newBuilder(tokenUrl)
        .timeout(requestTimeout)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(form()))
        .build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new TransientFailure("token endpoint " + tokenUrl + " unreachable: " + GraphTransport.describe(e),
          0, java.util.Optional.empty(), e);
    }
    int status = response.statusCode();
    if (status == 429 || status >= 500) {
      throw new TransientFailure("token endpoint answered HTTP " + status, status,
          RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock.instant()), null);
    }
    JsonNode body = parse(response.body());
    if (status != 200 || !body.path("access_token").isTextual()) {
      String error = body.path("error").asText("HTTP " + status);
      String description = redact(body.path("error_description").asText(""));
      throw new GdapException(GdapException.Kind.CREDENTIALS_REFUSED,
          "token endpoint refused client credentials for client " + clientId + ": " + error
              + (description.isEmpty() ? "" : " (" + description + ")"), status, error, null);
    }
    Duration lifetime = Duration.ofSeconds(body.path("expires_in").asLong(3600));
    // A token shorter-lived than twice the margin is still used for half its life.
    Duration margin = refreshMargin.compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : refreshMargin;
    token = body.path("access_token").asText();
    renewAt = clock.instant().plus(lifetime).minus(margin);
    return token;
  }

  /** Forgets {@code rejected} if it is still the cached token (Graph answered 401 to it). */
  synchronized void invalidate(String rejected) {
    if (rejected != null && rejected.equals(token)) {
      token = null;
      renewAt = Instant.MIN;
    }
  }

  private String form() {
    return Map.of("grant_type", "client_credentials", "client_id", clientId,
            "client_secret", clientSecret, "scope", scope)
        .entrySet().stream()
        .map(entry -> encode(entry.getKey()) + "=" + encode(entry.getValue()))
        .collect(Collectors.joining("&"));
  }

  private JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
    } catch (IOException notJson) {
      return json.createObjectNode();
    }
  }

  /** The endpoint's own description, first line only, bounded, and never echoing the secret. */
  private String redact(String description) {
    String firstLine = description.lines().findFirst().orElse("").strip();
    if (!clientSecret.isEmpty()) {
      firstLine = firstLine.replace(clientSecret, "***");
    }
    return firstLine.length() > MAX_DESCRIPTION ? firstLine.substring(0, MAX_DESCRIPTION) + "..." : firstLine;
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
