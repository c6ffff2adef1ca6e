package io.firebreak.cli;

/**
 * A failure the user can act on: what went wrong, what to do about it, and the exit code. The
 * top-level handler prints {@code firebreak: <message>} and the hint on standard error; no stack
 * trace.
 */
public final class CliException extends RuntimeException {
  private final int exitCode;
  private final String hint;

  public CliException(int exitCode, String message, String hint) {
    super(message);
    this.exitCode = exitCode;
    this.hint = hint;
  }

  public CliException(int exitCode, String message) {
    this(exitCode, message, null);
  }

  /** A usage error (exit 2). */
  public static CliException usage(String message) {
    return new CliException(ExitCodes.USAGE, message);
  }

  public int exitCode() {
    return exitCode;
  }

  /** What to do about it, or null. */
  public String hint() {
    return hint;
  }
}
