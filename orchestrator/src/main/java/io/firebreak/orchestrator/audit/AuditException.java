package io.firebreak.orchestrator.audit;

/** The audit trail could not record an event; nothing of the failed call was stored. */
public final class AuditException extends RuntimeException {
  public AuditException(String message, Throwable cause) {
    super(message, cause);
  }
}
