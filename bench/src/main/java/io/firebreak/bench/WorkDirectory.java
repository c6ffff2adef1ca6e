package io.firebreak.bench;

import com.google.common.io.MoreFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Removes what a benchmark wrote under its work directory. A 10,000-host fan-out leaves about half
 * a gigabyte there (the database file, the hosts' journals), and a series of runs filled this
 * machine's disk before they were removed.
 */
final class WorkDirectory {
  private WorkDirectory() {}

  /** Deletes {@code paths} (files or whole trees); says on stderr what it could not delete. */
  static void remove(Path... paths) {
    for (Path path : paths) {
      try {
        if (Files.isDirectory(path)) {
          MoreFiles.deleteRecursively(path);
        } else {
          Files.deleteIfExists(path);
        }
      } catch (IOException e) {
        System.err.println("could not delete " + path + ": " + e);
      }
    }
  }
}
