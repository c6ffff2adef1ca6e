package io.firebreak.orchestrator.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * A browser-less user of the API through a session cookie, as the UI uses it: signs in with a
 * password, then sends the cookie and (unless told not to) the CSRF token. Lets tests forge the
 * requests a browser should never manage to make.
 */
final class SessionClient {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;
  private String cookie;
  private String csrfToken;

  SessionClient(URI base) {
    this.base = base;
  }

  /** A client that presents {@code cookie} (e.g. one taken from a browser) without signing in. */
  static SessionClient withCookie(URI base, String cookie) {
    SessionClient client = new SessionClient(base);
    client.cookie = cookie;
    return client;
  }

  /** A response: status, headers, and the body parsed as JSON (JSON null when empty). */
  record Reply(int status, HttpHeaders headers, JsonNode body) {}

  /** Signs in; returns the reply and keeps the session cookie and CSRF token of a 200. */
  Reply login(String username, String password) throws IOException, InterruptedException {
    Reply reply = send(HttpRequest.newBuilder(base.resolve("/api/v1/session"))
        .header("Content-Type", "application/json")
        .POST(json(Map.of("username", username, "password", password))));
    if (reply.status() == 200) {
      cookie = reply.headers().allValues("Set-Cookie").stream()
          .filter(value -> value.startsWith("fb_session="))
          .map(value -> value.substring(0, value.indexOf(';') < 0 ? value.length() : value.indexOf(';')))
          .findFirst().orElseThrow(() -> new AssertionError("no fb_session cookie in " + reply.headers()));
      csrfToken = reply.body().path("csrfToken").asText();
    }
    return reply;
  }

  /** {@code fb_session=...}, as the browser would send it. */
  String cookie() {
    return cookie;
  }

  String csrfToken() {
    return csrfToken;
  }

  Reply get(String path) throws IOException, InterruptedException {
    return send(withCookie(path).GET());
  }

  /** A JSON POST with the session's CSRF token, as the UI sends it. */
  Reply post(String path, Object body) throws IOException, InterruptedException {
    return send(withCookie(path).header("X-CSRF-Token", csrfToken).header("Content-Type", "application/json")
        .POST(json(body)));
  }

  /** A JSON POST with the cookie and {@code csrfHeader} as the token, or no token header if null. */
  Reply postWithToken(String path, Object body, String csrfHeader) throws IOException, InterruptedException {
    HttpRequest.Builder request = withCookie(path).header("Content-Type", "application/json").POST(json(body));
    if (csrfHeader != null) {
      request.header("X-CSRF-Token", csrfHeader);
    }
    return send(request);
  }

  /**
   * What Chromium sends when a form on another site is submitted to this one, if it attached the
   * cookie: form-encoded, the other site's Origin, fetch metadata saying cross-site, and no CSRF
   * token (a page elsewhere cannot read it).
   */
  Reply crossSiteFormPost(String path, String formBody) throws IOException, InterruptedException {
    return send(withCookie(path)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Origin", "https://attacker.example")
        .header("Sec-Fetch-Site", "cross-site")
        .header("Sec-Fetch-Mode", "navigate")
        .header("Sec-Fetch-Dest", "document")
        .POST(HttpRequest.BodyPublishers.ofString(formBody)));
  }

  /** A form-encoded POST with the cookie and nothing else: no token, no browser headers. */
  Reply bareFormPost(String path, String formBody) throws IOException, InterruptedException {
    return send(withCookie(path)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(formBody)));
  }

  /** DELETE with the cookie and {@code csrfHeader} as the token, or no token header if null. */
  Reply delete(String path, String csrfHeader) throws IOException, InterruptedException {
    HttpRequest.Builder request = withCookie(path).DELETE();
    if (csrfHeader != null) {
      request.header("X-CSRF-Token", csrfHeader);
    }
    return send(request);
  }

  private HttpRequest.Builder withCookie(String path) {
    HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return request;
  }

  private static HttpRequest.BodyPublisher json(Object body) throws IOException {
    return HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body));
  }

  private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    String text = response.body();
    JsonNode body;
    try {
      body = text == null || text.isBlank() ? MAPPER.nullNode() : MAPPER.readTree(text);
    } catch (IOException e) {
      body = MAPPER.getNodeFactory().textNode(text);
    }
    return new Reply(response.statusCode(), response.headers(), body);
  }
}
