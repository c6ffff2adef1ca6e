package io.firebreak.agent.evidence;

/**
 * The limits of {@code collect-evidence}, which keep a result small enough for the journal, the
 * gateway stream and the incident record however busy the host is. Immutable.
 *
 * @param reportMaxBytes the largest {@code report} evidence value (UTF-8 bytes of its JSON); a
 *     larger report keeps fewer entries and says so
 * @param fileMaxBytes the largest file that is hashed; a larger one is reported with its size
 * @param hashBudgetBytes the most bytes hashed by one command over all its files
 * @param commandLineMaxChars where a process command line is cut
 */
public record EvidenceSettings(
    int reportMaxBytes, long fileMaxBytes, long hashBudgetBytes, int commandLineMaxChars) {

  /** The smallest report limit: room for the summary of a report with every list cut. */
  public static final int MIN_REPORT_BYTES = 4 * 1024;

  public EvidenceSettings {
    if (reportMaxBytes < MIN_REPORT_BYTES) {
      throw new IllegalArgumentException(
          "the report limit must be at least "
              + MIN_REPORT_BYTES
              + " bytes, got "
              + reportMaxBytes);
    }
    if (fileMaxBytes < 0 || hashBudgetBytes < 0) {
      throw new IllegalArgumentException("hash limits must not be negative");
    }
    if (commandLineMaxChars < 16) {
      throw new IllegalArgumentException("command lines must keep at least 16 characters");
    }
  }

  /** 64 KiB reports, files up to 256 MiB, 1 GiB hashed per command, 256-character commands. */
  public static EvidenceSettings defaults() {
    return new EvidenceSettings(64 * 1024, 256L << 20, 1L << 30, 256);
  }

  /** These settings with {@code reportMaxBytes} and {@code fileMaxBytes}. */
  public EvidenceSettings with(int reportMaxBytes, long fileMaxBytes) {
    return new EvidenceSettings(reportMaxBytes, fileMaxBytes, hashBudgetBytes, commandLineMaxChars);
  }
}
