package io.firebreak.agent.credential;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * Copies of what a rotation replaced, kept in {@code <state-dir>/backups} (mode 0700) as files of
 * mode 0600 owned by the agent's user (root), so an operator can restore them and nobody else can
 * read them. Named {@code <UTC time>.<kind>.<subject>}; never removed by the agent (an operator
 * deletes them once the incident is closed). Stateless.
 */
final class Backups {
  private static final Set<PosixFilePermission> OWNER_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Backups() {}

  /**
   * Writes {@code content} durably to a new backup file.
   *
   * @param stateDirectory the agent's state directory
   * @param at the rotation's time
   * @param kind the rotation kind, e.g. {@code service-secret}
   * @param subject what was backed up, e.g. {@code alice.authorized_keys}; characters other than
   *     letters, digits, '.', '_' and '-' become '_'
   * @return the backup file's absolute path
   */
  static Path write(Path stateDirectory, Instant at, String kind, String subject, byte[] content)
      throws IOException {
    Path directory = stateDirectory.toAbsolutePath().resolve("backups");
    Files.createDirectories(directory);
    Files.setPosixFilePermissions(directory, OWNER_DIRECTORY);
    String base = STAMP.format(at) + "." + kind + "." + subject.replaceAll("[^A-Za-z0-9._-]", "_");
    for (int attempt = 1; ; attempt++) {
      Path file = directory.resolve(attempt == 1 ? base : base + "." + attempt);
      try (FileChannel channel =
          FileChannel.open(
              file,
              Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              PosixFilePermissions.asFileAttribute(SafeFiles.OWNER_ONLY))) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      } catch (FileAlreadyExistsException e) {
        continue;
      }
      SafeFiles.syncDirectory(directory);
      return file;
    }
  }
}
