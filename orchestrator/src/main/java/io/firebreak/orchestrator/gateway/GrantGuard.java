package io.firebreak.orchestrator.gateway;

/**
 * The last check before a command is signed: does the grant the command carries allow this action
 * on this partition now? Implementations read the grant's current state (revocation takes effect
 * at the next batch). Thread-safe.
 */
@FunctionalInterface
public interface GrantGuard {
  /**
   * Why commands of {@code action} for hosts of {@code partition} may not go out under
   * {@code grantRef}, or null when they may.
   *
   * @param rollback true for a rollback (an ended grant still covers undoing what it allowed; a
   *     revoked one does not)
   */
  String refusal(String grantRef, String partition, String action, boolean rollback);
}
