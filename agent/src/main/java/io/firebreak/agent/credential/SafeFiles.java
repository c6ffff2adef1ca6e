package io.firebreak.agent.credential;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * File operations for an agent running as root in directories others may write to (a user's {@code
 * ~/.ssh}): every step is relative to an open directory ({@code openat}, {@code renameat} through
 * {@link SecureDirectoryStream}) and never follows a symbolic link, so swapping a file or directory
 * for a link cannot redirect a read or a write to {@code /etc/shadow}. A replacement is atomic: a
 * new file in the same directory, written, fsynced, given its owner and mode, then renamed over the
 * old one and the directory fsynced. Stateless.
 */
final class SafeFiles {
  /** {@code rw-------}. */
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

  private SafeFiles() {}

  /**
   * A file's content and attributes as read.
   *
   * @param content its bytes
   * @param attributes its owner, group, mode and size (of the file itself, not a link target)
   */
  record Snapshot(byte[] content, PosixFileAttributes attributes) {}

  /**
   * Opens the directory {@code path} (absolute, without links in it), refusing a symbolic link as
   * its last component.
   *
   * @throws NoSuchFileException if it does not exist
   * @throws IOException if it is a link, not a directory, or cannot be opened
   */
  static SecureDirectoryStream<Path> openDirectory(Path path) throws IOException {
    Path parent = path.getParent();
    if (parent == null) {
      return secure(Files.newDirectoryStream(path), path);
    }
    try (SecureDirectoryStream<Path> parentStream =
        secure(Files.newDirectoryStream(parent), parent)) {
      return openChild(parentStream, path.getFileName(), path)
          .orElseThrow(() -> new NoSuchFileException(path.toString()));
    }
  }

  /**
   * Opens the subdirectory {@code name} of {@code directory}; empty if it does not exist.
   *
   * @param where the subdirectory's path, for messages
   * @throws IOException if it is a symbolic link or not a directory
   */
  static Optional<SecureDirectoryStream<Path>> openChild(
      SecureDirectoryStream<Path> directory, Path name, Path where) throws IOException {
    Optional<PosixFileAttributes> attributes = attributes(directory, name);
    if (attributes.isEmpty()) {
      return Optional.empty();
    }
    refuseLink(attributes.get(), where);
    if (!attributes.get().isDirectory()) {
      throw new IOException(where + " is not a directory");
    }
    return Optional.of(directory.newDirectoryStream(name, LinkOption.NOFOLLOW_LINKS));
  }

  /** The attributes of {@code name} itself (a link is not followed); empty if it does not exist. */
  static Optional<PosixFileAttributes> attributes(SecureDirectoryStream<Path> directory, Path name)
      throws IOException {
    try {
      return Optional.of(
          directory
              .getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
              .readAttributes());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * Reads the regular file {@code name} of {@code directory}; empty if it does not exist.
   *
   * @param where the file's path, for messages
   * @param maxBytes the largest file accepted
   * @throws IOException if it is a link, not a regular file, or larger than {@code maxBytes}
   */
  static Optional<Snapshot> read(
      SecureDirectoryStream<Path> directory, Path name, Path where, int maxBytes)
      throws IOException {
    Optional<PosixFileAttributes> attributes = attributes(directory, name);
    if (attributes.isEmpty()) {
      return Optional.empty();
    }
    refuseLink(attributes.get(), where);
    if (!attributes.get().isRegularFile()) {
      throw new IOException(where + " is not a regular file");
    }
    if (attributes.get().size() > maxBytes) {
      throw new IOException(
          where
              + " has "
              + attributes.get().size()
              + " bytes, more than the "
              + maxBytes
              + " read");
    }
    try (SeekableByteChannel channel =
        directory.newByteChannel(
            name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
      ByteBuffer buffer = ByteBuffer.allocate(maxBytes + 1);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // Read until end of file or one byte past the limit.
      }
      if (buffer.position() > maxBytes) {
        throw new IOException(where + " grew past " + maxBytes + " bytes while being read");
      }
      return Optional.of(
          new Snapshot(Arrays.copyOf(buffer.array(), buffer.position()), attributes.get()));
    }
  }

  /**
   * Replaces (or creates) the file {@code name} of {@code directory} with {@code content},
   * atomically, owned by {@code owner}:{@code group} with {@code permissions}. Either the old file
   * or the complete new one is in place at any moment, also after a crash.
   *
   * @param directoryPath the directory's path, to fsync it after the rename
   * @throws IOException if any step fails; the temporary file is then removed
   */
  static void replace(
      SecureDirectoryStream<Path> directory,
      Path directoryPath,
      Path name,
      byte[] content,
      UserPrincipal owner,
      GroupPrincipal group,
      Set<PosixFilePermission> permissions)
      throws IOException {
    Path temporary =
        Path.of(
            "." + name + ".firebreak-" + HexFormat.of().formatHex(Secrets.randomBytes(6)) + ".tmp");
    boolean renamed = false;
    try {
      try (SeekableByteChannel channel =
          directory.newByteChannel(
              temporary,
              Set.of(
                  StandardOpenOption.CREATE_NEW,
                  StandardOpenOption.WRITE,
                  LinkOption.NOFOLLOW_LINKS),
              PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        if (channel instanceof FileChannel file) {
          file.force(true);
        }
      }
      PosixFileAttributeView view =
          directory.getFileAttributeView(
              temporary, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
      view.setOwner(owner);
      view.setGroup(group);
      // After chown, which may clear mode bits.
      view.setPermissions(permissions);
      directory.move(temporary, directory, name);
      renamed = true;
    } finally {
      if (!renamed) {
        try {
          directory.deleteFile(temporary);
        } catch (IOException e) {
          // Not created, or already gone.
        }
      }
    }
    syncDirectory(directoryPath);
  }

  /** Makes a rename or create in {@code directory} durable. */
  static void syncDirectory(Path directory) throws IOException {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  private static void refuseLink(PosixFileAttributes attributes, Path where) throws IOException {
    if (attributes.isSymbolicLink()) {
      throw new IOException(where + " is a symbolic link; refusing to follow it");
    }
  }

  private static SecureDirectoryStream<Path> secure(DirectoryStream<Path> stream, Path path)
      throws IOException {
    if (stream instanceof SecureDirectoryStream<Path> secure) {
      return secure;
    }
    stream.close();
    throw new IOException(
        "this platform cannot open " + path + " safely (no SecureDirectoryStream, i.e. openat)");
  }
}
