package io.firebreak.orchestrator.gdap.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** Reads Graph's error body, {@code {"error": {"code": "...", "message": "..."}}}. */
public final class GraphErrors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_MESSAGE = 300;

  private GraphErrors() {}

  /** {@code error.code}, or null when the body is not a Graph error. */
  public static String code(String body) {
    JsonNode code = error(body).path("code");
    return code.isTextual() ? code.asText() : null;
  }

  /** {@code " (code: message)"} for messages, or an empty string when the body says nothing. */
  public static String suffix(String body) {
    JsonNode error = error(body);
    String code = error.path("code").asText("");
    String message = error.path("message").asText("");
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE) + "...";
    }
    if (code.isEmpty() && message.isEmpty()) {
      return "";
    }
    return " (" + code + (message.isEmpty() ? "" : ": " + message) + ")";
  }

  private static JsonNode error(String body) {
    if (body == null || body.isBlank()) {
      return JSON.missingNode();
    }
    try {
      return JSON.readTree(body).path("error");
    } catch (IOException notJson) {
      return JSON.missingNode();
    }
  }
}
