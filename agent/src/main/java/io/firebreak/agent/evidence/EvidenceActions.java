package io.firebreak.agent.evidence;

import io.firebreak.agent.action.Action;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real {@code collect-evidence} action. It needs Linux {@code /proc}; it sees every process and
 * socket owner only as root (otherwise, its own user's).
 */
public final class EvidenceActions {
  private EvidenceActions() {}

  /**
   * The action with {@code settings}, reading {@code /proc} and {@code /etc/passwd}.
   *
   * @throws IllegalStateException if this host has no readable {@code /proc}
   */
  public static List<Action> create(EvidenceSettings settings) {
    Path proc = Path.of("/proc");
    if (!Files.isReadable(proc.resolve("self/stat"))
        || !Files.isReadable(proc.resolve("net/tcp"))) {
      throw new IllegalStateException(
          "collect-evidence needs a readable Linux /proc (/proc/self/stat and /proc/net/tcp)");
    }
    return List.of(new CollectEvidence(proc, Path.of("/etc/passwd"), settings));
  }
}
