package io.firebreak.orchestrator.gdap;

import static io.firebreak.orchestrator.gdap.FakeGraphResponses.json;
import static io.firebreak.orchestrator.gdap.FakeGraphResponses.oauthError;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firebreak.orchestrator.gdap.LoopbackHttpServer.Request;
import io.firebreak.orchestrator.gdap.LoopbackHttpServer.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The fake Entra v2.0 token endpoint: the client credentials grant for one app registration,
 * tokens that expire on the fake's clock, Entra's error codes. Called with the {@link FakeGraph}
 * lock held.
 */
final class FakeTokenEndpoint {
  private final Clock clock;
  private final String clientId;
  private final String clientSecret;
  private final Map<String, Instant> expiries = new HashMap<>();
  private Duration lifetime = Duration.ofHours(1);
  private int issued;

  FakeTokenEndpoint(Clock clock, String clientId, String clientSecret) {
    this.clock = clock;
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  void lifetime(Duration lifetime) {
    this.lifetime = lifetime;
  }

  int issued() {
    return issued;
  }

  void invalidateAll() {
    expiries.replaceAll((token, expiry) -> Instant.MIN);
  }

  /** True for {@code Bearer <token>} with a token issued here and not yet expired. */
  boolean accepts(String authorization) {
    Instant expiry = authorization == null || !authorization.startsWith("Bearer ") ? null
        : expiries.get(authorization.substring("Bearer ".length()));
    return expiry != null && clock.instant().isBefore(expiry);
  }

  /** {@code POST /{tenant}/oauth2/v2.0/token}. */
  Response issue(Request request) {
    Map<String, String> form = new HashMap<>();
    for (String pair : request.body().split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    if (!"client_credentials".equals(form.get("grant_type"))) {
      return oauthError(400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.");
    }
    if (!clientId.equals(form.get("client_id")) || !clientSecret.equals(form.get("client_secret"))) {
      return oauthError(401, "invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret"
          + " being sent in the request is the client secret value, not the client secret ID.");
    }
    if (!GdapConfiguration.GRAPH_SCOPE.equals(form.get("scope"))) {
      return oauthError(400, "invalid_scope", "AADSTS1002012: The provided value for scope is not valid.");
    }
    String token = "fake-token-" + (++issued) + "-" + UUID.randomUUID();
    expiries.put(token, clock.instant().plus(lifetime));
    ObjectNode body = FakeGraph.mapper().createObjectNode().put("token_type", "Bearer")
        .put("expires_in", lifetime.toSeconds()).put("ext_expires_in", lifetime.toSeconds())
        .put("access_token", token);
    return json(200, body);
  }
}
