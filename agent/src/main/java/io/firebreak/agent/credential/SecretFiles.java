package io.firebreak.agent.credential;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a service secret may be written and with which mode and owner: the path must resolve (after
 * every symbolic link and {@code ..}) to a file strictly inside one of the directories the agent
 * was configured with, so a command can never make the agent overwrite {@code /etc/shadow} or a
 * file a link points to elsewhere. Stateless.
 */
final class SecretFiles {
  private SecretFiles() {}

  /**
   * A requested owner: a user and, optionally, a group.
   *
   * @param user the new owner
   * @param group the new group, empty to keep the file's
   */
  record Owner(UserPrincipal user, Optional<GroupPrincipal> group) {}

  /**
   * The real path of {@code requested}, checked to lie inside one of {@code directories}.
   *
   * @throws IllegalArgumentException if no directory is configured, the path is relative or does
   *     not exist, or it resolves outside every directory (naming what it resolves to)
   */
  static Path resolve(String requested, List<Path> directories) throws IOException {
    if (directories.isEmpty()) {
      throw new IllegalArgumentException(
          "this agent has no secret directory (--rotate-secret-dir), so it replaces no file");
    }
    Path path = Path.of(requested);
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException(
          "parameter path must be absolute, got '" + requested + "'");
    }
    Path real;
    try {
      real = path.toRealPath();
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          requested + " does not exist (service-secret replaces an existing secret file)", e);
    }
    for (Path directory : directories) {
      Path realDirectory;
      try {
        realDirectory = directory.toRealPath();
      } catch (NoSuchFileException e) {
        continue;
      }
      if (real.startsWith(realDirectory) && !real.equals(realDirectory)) {
        return real;
      }
    }
    throw new IllegalArgumentException(
        requested
            + (real.equals(path.normalize()) ? "" : " (which resolves to " + real + ")")
            + " is outside the secret directories this agent may change: "
            + directories.stream().map(Path::toString).collect(Collectors.joining(", ")));
  }

  /**
   * Parses a mode such as {@code 0600} or {@code 640}. Special bits are not accepted, nor write
   * access for others (anyone could then plant their own secret).
   *
   * @throws IllegalArgumentException naming the value
   */
  static Set<PosixFilePermission> mode(String text) {
    if (!text.matches("0?[0-7]{3}")) {
      throw new IllegalArgumentException(
          "parameter mode must be three octal digits such as 0600, got '" + text + "'");
    }
    int bits = Integer.parseInt(text, 8);
    if ((bits & 02) != 0) {
      throw new IllegalArgumentException(
          "parameter mode " + text + " lets every user write the secret; refused");
    }
    StringBuilder symbolic = new StringBuilder();
    String letters = "rwxrwxrwx";
    for (int bit = 0; bit < 9; bit++) {
      symbolic.append((bits & (0400 >> bit)) != 0 ? letters.charAt(bit) : '-');
    }
    return PosixFilePermissions.fromString(symbolic.toString());
  }

  /** {@code permissions} in octal, e.g. {@code 0640}. */
  static String octal(Set<PosixFilePermission> permissions) {
    String symbolic = PosixFilePermissions.toString(permissions);
    int bits = 0;
    for (int bit = 0; bit < 9; bit++) {
      if (symbolic.charAt(bit) != '-') {
        bits |= 0400 >> bit;
      }
    }
    return String.format("0%03o", bits);
  }

  /**
   * Parses {@code user} or {@code user:group} and looks both up.
   *
   * @throws IllegalArgumentException naming an unknown user or group
   */
  static Owner owner(String text) throws IOException {
    String[] parts = text.split(":", -1);
    if (parts.length > 2 || parts[0].isBlank() || (parts.length == 2 && parts[1].isBlank())) {
      throw new IllegalArgumentException(
          "parameter owner must be USER or USER:GROUP, got '" + text + "'");
    }
    UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
    try {
      UserPrincipal user = lookup.lookupPrincipalByName(parts[0]);
      Optional<GroupPrincipal> group =
          parts.length == 2
              ? Optional.of(lookup.lookupPrincipalByGroupName(parts[1]))
              : Optional.empty();
      return new Owner(user, group);
    } catch (UserPrincipalNotFoundException e) {
      throw new IllegalArgumentException(
          "parameter owner: no user or group '" + e.getName() + "' on this host", e);
    }
  }
}
