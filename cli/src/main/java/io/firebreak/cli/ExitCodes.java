package io.firebreak.cli;

/**
 * The exit codes of every {@code firebreak} command, as listed in {@code --help} and the README.
 * Scripts rely on them: never renumber.
 */
public final class ExitCodes {
  /** The command did what it was asked; a watched incident completed on every host. */
  public static final int OK = 0;
  /**
   * The incident did not fully succeed (completed with errors, failed, rolled back, denied,
   * expired, no targets), or the server refused the request (not found, conflict, server error).
   */
  public static final int FAILED = 1;
  /** Wrong options or arguments, a request the server found invalid (400), an invalid playbook. */
  public static final int USAGE = 2;
  /** The incident waits for an approver's decision (commands that do not watch). */
  public static final int AWAITING_APPROVAL = 3;
  /** No token, or the server refused it (401) or refused its role (403). */
  public static final int AUTH = 4;
  /** The server could not be reached at the configured URL. */
  public static final int UNREACHABLE = 5;

  /** The {@code exitCodeList} of {@code --help}: code and meaning. */
  static final String[] HELP = {
    "0:success; a watched incident completed on every host",
    "1:the incident failed, completed with errors, was rolled back, denied or expired;"
        + " or the server refused the request (not found, conflict, server error)",
    "2:usage error: bad options or arguments, invalid input (HTTP 400), invalid playbook",
    "3:the incident is waiting for approval (when not watching)",
    "4:authentication or permission refused: no token, HTTP 401 or 403",
    "5:the server is unreachable",
  };

  private ExitCodes() {}
}
