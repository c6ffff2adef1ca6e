package io.firebreak.agent.credential;

import io.firebreak.agent.action.Action;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real {@code rotate-credential} action. It needs root: chpasswd and usermod write {@code
 * /etc/shadow}, the agent reads it back, and replaced files keep owners other than the agent's.
 */
public final class CredentialActions {
  private static final Logger log = LoggerFactory.getLogger(CredentialActions.class);

  private CredentialActions() {}

  /**
   * The action with {@code settings}, using the host's accounts and tools.
   *
   * @throws IllegalStateException naming the problem if the agent does not run as root
   */
  public static List<Action> create(CredentialSettings settings) {
    int uid = effectiveUid();
    if (uid != 0) {
      throw new IllegalStateException(
          "the agent runs as uid "
              + uid
              + ", but rotating passwords, SSH keys and secret files needs root");
    }
    for (String tool : List.of("chpasswd", "usermod")) {
      if (!Files.isExecutable(Path.of(ProcessCommandRunner.locate(tool)))) {
        log.warn("{} is not installed: rotate-credential kind=local-password will fail", tool);
      }
    }
    CommandRunner runner = new ProcessCommandRunner();
    return List.of(
        new RotateCredential(
            settings, LocalAccounts.system(runner, settings.toolTimeout()), runner));
  }

  /** The effective uid of this process, from {@code /proc/self/status}. */
  private static int effectiveUid() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return Integer.parseInt(line.substring(4).strip().split("\\s+")[1]);
        }
      }
      throw new IllegalStateException("/proc/self/status has no Uid line");
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot tell whether the agent runs as root (needs Linux /proc): " + e.getMessage(), e);
    }
  }
}
