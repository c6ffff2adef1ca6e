package io.firebreak.agent.connection;

import io.grpc.Status;

/** How a stream's end is written in the agent's log. */
final class StatusText {
  private StatusText() {}

  /**
   * The status code with its description, or, when it has none, its cause and the cause's root: a
   * stream that fails in the agent's own process (no socket could be opened, say) ends UNKNOWN with
   * only a cause.
   */
  static String describe(Status status) {
    if (status.getDescription() != null) {
      return status.getCode() + ": " + status.getDescription();
    }
    Throwable cause = status.getCause();
    if (cause != null) {
      Throwable root = cause;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return status.getCode() + ": " + cause + (root == cause ? "" : " (caused by " + root + ")");
    }
    return status.getCode().toString();
  }
}
