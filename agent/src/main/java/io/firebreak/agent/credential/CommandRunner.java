package io.firebreak.agent.credential;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs a system tool ({@code chpasswd}, {@code usermod}) or an operator-configured reload command
 * and reports how it ended. The one seam between the rotations and the processes they start, so
 * tests can fake the tools. Implementations are thread-safe.
 */
interface CommandRunner {

  /**
   * Runs {@code command} and waits for it.
   *
   * @param command the program and its arguments (no shell is involved unless the program is one)
   * @param stdin bytes written to its standard input, which is then closed; never logged or echoed
   *     into an error message, so it may carry a secret
   * @param environment variables added to the agent's environment
   * @param timeout after which the process and its descendants are killed
   * @throws IOException if the program cannot be started (the message names it)
   */
  Completed run(
      List<String> command, byte[] stdin, Map<String, String> environment, Duration timeout)
      throws IOException, InterruptedException;

  /**
   * How a command ended.
   *
   * @param exitCode its exit status (-1 when it was killed on timeout)
   * @param stdout the start of its standard output
   * @param stderr the start of its standard error
   * @param timedOut whether it was killed because it ran past its timeout
   * @param millis how long it ran
   */
  record Completed(int exitCode, String stdout, String stderr, boolean timedOut, long millis) {
    private static final int MAX_SUMMARY_CHARS = 1_000;

    /** Whether it exited with status 0 in time. */
    boolean succeeded() {
      return !timedOut && exitCode == 0;
    }

    /**
     * E.g. {@code exit 3: permission denied} or {@code killed after 30000 ms}, with stderr on one
     * line and cut at 1000 characters.
     */
    String summary() {
      if (timedOut) {
        return "killed after " + millis + " ms (timeout)" + errorText(" ");
      }
      return "exit " + exitCode + errorText(": ");
    }

    private String errorText(String separator) {
      String oneLine = stderr.strip().replaceAll("\\s*\\n\\s*", " | ");
      if (oneLine.isEmpty()) {
        return timedOut ? "" : separator + "(no error output)";
      }
      return separator
          + (oneLine.length() <= MAX_SUMMARY_CHARS
              ? oneLine
              : oneLine.substring(0, MAX_SUMMARY_CHARS) + "...");
    }
  }
}
