package io.firebreak.orchestrator.api;

/**
 * A request the API refuses, with the HTTP status, what is wrong and (for bad input) which field.
 * Rendered as {@code {"error": "...", "field": "..."}} by {@link ApiExceptionMapper}.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String field;

  public ApiException(int status, String message, String field) {
    super(message);
    this.status = status;
    this.field = field;
  }

  public static ApiException badRequest(String field, String message) {
    return new ApiException(400, field + ": " + message, field);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, message, null);
  }

  /** The caller may not do this (role or data scope); the message says what is missing. */
  public static ApiException forbidden(String message) {
    return new ApiException(403, message, null);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, message, null);
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, message, null);
  }

  public int status() {
    return status;
  }

  public String field() {
    return field;
  }
}
