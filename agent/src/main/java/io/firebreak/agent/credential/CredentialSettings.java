package io.firebreak.agent.credential;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The agent's own rotate-credential configuration, from its command line. A command can only pick
 * from it: it names a reload command, never supplies one, and it cannot widen the accounts or
 * directories the agent may change. Immutable.
 *
 * @param allowedUsers accounts that may be rotated although they are root or system accounts
 *     ({@code --rotate-allow-user})
 * @param secretDirectories the only directories whose files {@code service-secret} may replace
 *     ({@code --rotate-secret-dir}); none means service-secret is refused
 * @param reloadCommands reload commands by name ({@code --rotate-reload NAME=COMMAND}), each run
 *     with {@code /bin/sh -c}
 * @param reloadTimeout how long a reload command may run before it is killed and counted as failed
 * @param toolTimeout how long chpasswd or usermod may run
 */
public record CredentialSettings(
    Set<String> allowedUsers,
    List<Path> secretDirectories,
    Map<String, String> reloadCommands,
    Duration reloadTimeout,
    Duration toolTimeout) {

  public CredentialSettings {
    allowedUsers = Set.copyOf(allowedUsers);
    secretDirectories = List.copyOf(secretDirectories);
    reloadCommands = Map.copyOf(reloadCommands);
    Objects.requireNonNull(reloadTimeout, "reloadTimeout");
    Objects.requireNonNull(toolTimeout, "toolTimeout");
  }

  /** No extra accounts, no secret directories, no reload commands; 30 s reloads, 30 s tools. */
  public static CredentialSettings defaults() {
    return new CredentialSettings(
        Set.of(), List.of(), Map.of(), Duration.ofSeconds(30), Duration.ofSeconds(30));
  }

  /**
   * These settings with {@code allowedUsers}, {@code secretDirectories}, {@code reloadCommands}.
   */
  public CredentialSettings with(
      Set<String> allowedUsers, List<Path> secretDirectories, Map<String, String> reloadCommands) {
    return new CredentialSettings(
        allowedUsers, secretDirectories, reloadCommands, reloadTimeout, toolTimeout);
  }

  /** The configured reload names, sorted, for messages. */
  String reloadNames() {
    return reloadCommands.isEmpty()
        ? "none configured"
        : String.join(", ", new TreeMap<>(reloadCommands).keySet());
  }
}
