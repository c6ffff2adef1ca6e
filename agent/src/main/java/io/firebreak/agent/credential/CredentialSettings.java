package io.firebreak.agent.credential;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

  /**
   * These settings with the agent's {@code --rotate-*} flags, checked: user names must be valid,
   * secret directories must be existing absolute directories other than {@code /} (kept as their
   * real paths), reload names must be words and their commands non-blank.
   *
   * @throws IllegalArgumentException naming the flag and the value at fault
   */
  public CredentialSettings withFlags(
      List<String> allowUsers, List<Path> secretDirectories, Map<String, String> reloads) {
    for (String user : allowUsers) {
      try {
        LocalAccounts.checkName(user);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--rotate-allow-user: " + e.getMessage(), e);
      }
    }
    List<Path> directories = new ArrayList<>();
    for (Path directory : secretDirectories) {
      if (!directory.isAbsolute() || !Files.isDirectory(directory)) {
        throw new IllegalArgumentException(
            "--rotate-secret-dir: " + directory + " is not an absolute path of a directory");
      }
      Path real;
      try {
        real = directory.toRealPath();
      } catch (IOException e) {
        throw new IllegalArgumentException("--rotate-secret-dir: " + e.getMessage(), e);
      }
      if (real.getParent() == null) {
        throw new IllegalArgumentException(
            "--rotate-secret-dir: " + directory + " would let commands replace any file");
      }
      directories.add(real);
    }
    for (Map.Entry<String, String> reload : reloads.entrySet()) {
      if (!reload.getKey().matches("[A-Za-z0-9._-]+") || reload.getValue().isBlank()) {
        throw new IllegalArgumentException(
            "--rotate-reload must be NAME=COMMAND with NAME of letters, digits, '.', '_', '-', got"
                + " '"
                + reload.getKey()
                + "="
                + reload.getValue()
                + "'");
      }
    }
    return with(Set.copyOf(allowUsers), directories, reloads);
  }

  /** The configured reload names, sorted, for messages. */
  String reloadNames() {
    return reloadCommands.isEmpty()
        ? "none configured"
        : String.join(", ", new TreeMap<>(reloadCommands).keySet());
  }
}
