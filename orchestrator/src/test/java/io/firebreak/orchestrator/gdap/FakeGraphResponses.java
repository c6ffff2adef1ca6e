package io.firebreak.orchestrator.gdap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firebreak.orchestrator.gdap.LoopbackHttpServer.Request;
import io.firebreak.orchestrator.gdap.LoopbackHttpServer.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** The fake's wire formats: Graph and OAuth error bodies, ETags, If-Match checks, query strings. */
final class FakeGraphResponses {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FakeGraphResponses() {}

  /** 428 without {@code If-Match}, 412 when it is not {@code current}, else null. */
  static Response checkIfMatch(Request request, String current) {
    String ifMatch = request.header("If-Match");
    if (ifMatch == null || ifMatch.isBlank()) {
      return Response.of(428, Map.of("Content-Type", "application/json"),
          error("PreconditionRequired", "The If-Match header is required for this request."));
    }
    if (!ifMatch.equals(current) && !ifMatch.equals("*")) {
      return Response.of(412, Map.of("Content-Type", "application/json"),
          error("PreconditionFailed", "The ETag in If-Match does not match the current version."));
    }
    return null;
  }

  static Map<String, String> params(String decodedQuery) {
    Map<String, String> params = new HashMap<>();
    if (decodedQuery != null && !decodedQuery.isEmpty()) {
      for (String pair : decodedQuery.split("&")) {
        int equals = pair.indexOf('=');
        params.put(equals < 0 ? pair : pair.substring(0, equals), equals < 0 ? "" : pair.substring(equals + 1));
      }
    }
    return params;
  }

  static String etag(String id, int version) {
    return "W/\"" + Base64.getEncoder().encodeToString((id + ":" + version).getBytes(StandardCharsets.UTF_8)) + "\"";
  }

  static Response json(int status, JsonNode body) {
    return Response.of(status, Map.of("Content-Type", "application/json"), body.toString());
  }

  static Response notFound(String what) {
    return Response.of(404, Map.of("Content-Type", "application/json"),
        error("ResourceNotFound", "The requested " + what + " was not found."));
  }

  static Response notAllowed() {
    return Response.of(405, Map.of("Content-Type", "application/json"),
        error("MethodNotAllowed", "The method is not allowed on this resource."));
  }

  static String error(String code, String message) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putObject("error").put("code", code).put("message", message);
    error.putObject("innerError").put("date", Instant.now().toString()).put("request-id", UUID.randomUUID().toString());
    return body.toString();
  }

  static Response oauthError(int status, String error, String description) {
    ObjectNode body = JSON.createObjectNode().put("error", error).put("error_description", description)
        .put("error_codes", "[7000215]").put("trace_id", UUID.randomUUID().toString());
    return json(status, body);
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
