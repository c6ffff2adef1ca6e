package io.firebreak.agent;

import io.firebreak.agent.credential.CredentialSettings;
import io.firebreak.agent.evidence.EvidenceSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * The {@code --rotate-*} and {@code --evidence-*} flags of {@link AgentMain} (a picocli mixin): the
 * host owner's limits on what rotate-credential and collect-evidence commands may do.
 */
final class RealActionFlags {
  @Option(
      names = "--rotate-allow-user",
      paramLabel = "NAME",
      description =
          "rotate-credential may change this account although it is root or a system account "
              + "(uid < 1000 or nobody); repeatable.")
  List<String> rotateAllowUsers = new ArrayList<>();

  @Option(
      names = "--rotate-secret-dir",
      paramLabel = "DIR",
      description =
          "rotate-credential kind=service-secret may replace files inside this directory "
              + "(repeatable); without one it replaces none.")
  List<Path> rotateSecretDirectories = new ArrayList<>();

  @Option(
      names = "--rotate-reload",
      paramLabel = "NAME=COMMAND",
      description =
          "A command (run with /bin/sh -c, env FIREBREAK_SECRET_FILE set) that a service-secret"
              + " rotation may name with reload=NAME; repeatable. A rotate-credential command can"
              + " only name one, never supply it.")
  Map<String, String> rotateReloads = new TreeMap<>();

  @Option(
      names = "--evidence-report-max-bytes",
      paramLabel = "BYTES",
      description =
          "collect-evidence: largest JSON report in a result; a larger one keeps fewer entries "
              + "and says truncated (default: 65536).")
  Integer evidenceReportMaxBytes;

  @Option(
      names = "--evidence-file-max-bytes",
      paramLabel = "BYTES",
      description = "collect-evidence: largest file it hashes (default: 268435456).")
  Long evidenceFileMaxBytes;

  /** Whether any of these flags was given. */
  boolean configured() {
    return !rotateAllowUsers.isEmpty()
        || !rotateSecretDirectories.isEmpty()
        || !rotateReloads.isEmpty()
        || evidenceReportMaxBytes != null
        || evidenceFileMaxBytes != null;
  }

  /**
   * The rotate-credential settings.
   *
   * @throws IllegalArgumentException naming the flag at fault
   */
  CredentialSettings credentials() {
    return CredentialSettings.defaults()
        .withFlags(rotateAllowUsers, rotateSecretDirectories, rotateReloads);
  }

  /**
   * The collect-evidence settings.
   *
   * @throws IllegalArgumentException naming the flag at fault
   */
  EvidenceSettings evidence() {
    EvidenceSettings defaults = EvidenceSettings.defaults();
    try {
      return defaults.with(
          evidenceReportMaxBytes == null ? defaults.reportMaxBytes() : evidenceReportMaxBytes,
          evidenceFileMaxBytes == null ? defaults.fileMaxBytes() : evidenceFileMaxBytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--evidence-*: " + e.getMessage(), e);
    }
  }
}
