package io.firebreak.orchestrator.gdap;

/**
 * A Graph or token-endpoint call that did not succeed. The message is meant for a responder and
 * never contains a secret or an access token.
 */
public class GdapException extends RuntimeException {
  /** Why the call failed; decides whether retrying later can help. */
  public enum Kind {
    /** The token endpoint refused the client credentials (wrong id or secret): fix configuration. */
    CREDENTIALS_REFUSED(false),
    /** Graph refused a fresh access token too, or denied the permission. */
    NOT_AUTHORIZED(false),
    /** Graph answered with a 4xx error about the request itself (Graph code and message kept). */
    GRAPH_ERROR(false),
    /** The circuit breaker is open after repeated failures: Graph is not called for a while. */
    CIRCUIT_OPEN(true),
    /** Every allowed attempt met a transient failure (429, 5xx, connection reset, timeout). */
    RETRIES_EXHAUSTED(true),
    /** The call's total deadline passed before it succeeded. */
    DEADLINE_EXCEEDED(true),
    /** The calling thread was interrupted while waiting (e.g. a cancelled activity). */
    INTERRUPTED(false);

    private final boolean transientFailure;

    Kind(boolean transientFailure) {
      this.transientFailure = transientFailure;
    }

    /** True when the same call may succeed later without a configuration change. */
    public boolean isTransient() {
      return transientFailure;
    }
  }

  private final Kind kind;
  private final int httpStatus;
  private final String graphCode;

  public GdapException(Kind kind, String message) {
    this(kind, message, 0, null, null);
  }

  public GdapException(Kind kind, String message, int httpStatus, String graphCode, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.httpStatus = httpStatus;
    this.graphCode = graphCode;
  }

  public Kind kind() {
    return kind;
  }

  /** The last HTTP status seen, or 0 when there was no response. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Graph's {@code error.code} of the last response, or null. */
  public String graphCode() {
    return graphCode;
  }
}
