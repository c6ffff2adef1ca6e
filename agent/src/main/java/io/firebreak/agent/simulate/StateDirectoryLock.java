package io.firebreak.agent.simulate;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a fleet's state directory (the file {@value #FILE_NAME} in it), held until
 * closed: one file descriptor for the whole fleet, where a lock on every host's journal would take
 * one per host. Thread-safe.
 */
final class StateDirectoryLock implements AutoCloseable {
  static final String FILE_NAME = "fleet.lock";

  private final FileChannel channel;

  private StateDirectoryLock(FileChannel channel) {
    this.channel = channel;
  }

  /**
   * Locks {@code directory}, creating it if needed.
   *
   * @throws IOException if another fleet holds it, or the lock file cannot be opened
   */
  static StateDirectoryLock acquire(Path directory) throws IOException {
    Files.createDirectories(directory);
    Path file = directory.resolve(FILE_NAME);
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IOException("state directory " + directory + " is in use by another fleet");
    }
    return new StateDirectoryLock(channel);
  }

  /** Releases the lock. */
  @Override
  public void close() throws IOException {
    channel.close();
  }
}
