package io.firebreak.cli.connection;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One HTTP exchange with the server: what was asked and what came back.
 *
 * @param request e.g. {@code GET /api/v1/incidents}, for messages
 * @param body the parsed JSON body; a missing body is JSON null, a non-JSON body a JSON string
 */
public record ApiResponse(String request, int status, JsonNode body) {
  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /**
   * The server's own error text ({@code {"error": "..."}} from the API, {@code {"message": "..."}}
   * from the framework), or null.
   */
  public String errorText() {
    if (body.hasNonNull("error")) {
      return body.get("error").asText();
    }
    if (body.hasNonNull("message")) {
      return body.get("message").asText();
    }
    return body.isTextual() && !body.asText().isBlank() ? body.asText() : null;
  }

  /**
   * True when the API itself answered (an {@code "error"} body, e.g. "no incident inc-1"), false
   * when nothing serves the path (the framework's bare 404): an older server without the endpoint.
   */
  public boolean answeredByApi() {
    return body.hasNonNull("error");
  }
}
