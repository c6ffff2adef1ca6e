package io.firebreak.agent.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 of requested files, bounded per file and per command, so a request for {@code /dev/zero}
 * or a 50 GB log cannot stall the agent: only regular files (after following links, as a responder
 * naming a path expects) up to the size limit are read, and reading stops at the limit even if the
 * file grows meanwhile. Not thread-safe (it counts its budget); one instance per command.
 */
final class FileHasher {
  private final long fileMaxBytes;
  private long budget;

  /**
   * @param fileMaxBytes the largest file hashed
   * @param budgetBytes the most bytes hashed over all files
   */
  FileHasher(long fileMaxBytes, long budgetBytes) {
    this.fileMaxBytes = fileMaxBytes;
    this.budget = budgetBytes;
  }

  /** What was found at each of {@code paths}, in order. */
  List<FileHash> hash(List<String> paths) {
    List<FileHash> hashes = new ArrayList<>();
    for (String path : paths) {
      hashes.add(hash(path));
    }
    return hashes;
  }

  FileHash hash(String requested) {
    Path path;
    try {
      path = Path.of(requested);
    } catch (IllegalArgumentException e) {
      return FileHash.notHashed(requested, "invalid", -1, "not a valid path");
    }
    if (!path.isAbsolute()) {
      return FileHash.notHashed(requested, "invalid", -1, "the path must be absolute");
    }
    PosixFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, PosixFileAttributes.class);
    } catch (NoSuchFileException e) {
      return FileHash.notHashed(requested, "missing", -1, "no such file");
    } catch (IOException e) {
      return FileHash.notHashed(requested, "unreadable", -1, String.valueOf(e.getMessage()));
    }
    long size = attributes.size();
    if (!attributes.isRegularFile()) {
      return FileHash.notHashed(
          requested,
          "not-a-regular-file",
          size,
          attributes.isDirectory() ? "a directory" : "a device, pipe or socket");
    }
    if (size > fileMaxBytes) {
      return FileHash.notHashed(
          requested, "too-large", size, "larger than the " + fileMaxBytes + " bytes hashed");
    }
    if (size > budget) {
      return FileHash.notHashed(
          requested, "budget-exhausted", size, "this command has hashed its limit of bytes");
    }
    try {
      String digest = sha256(path);
      return new FileHash(
          requested,
          "hashed",
          size,
          digest,
          attributes.lastModifiedTime().toInstant().toString(),
          attributes.owner().getName() + ":" + attributes.group().getName(),
          octal(PosixFilePermissions.toString(attributes.permissions())),
          "");
    } catch (IOException e) {
      return FileHash.notHashed(requested, "unreadable", size, String.valueOf(e.getMessage()));
    }
  }

  private String sha256(Path path) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    byte[] buffer = new byte[64 * 1024];
    long read = 0;
    try (InputStream input = Files.newInputStream(path)) {
      for (int count; (count = input.read(buffer)) >= 0; ) {
        read += count;
        budget -= count;
        if (read > fileMaxBytes) {
          throw new IOException("grew past " + fileMaxBytes + " bytes while being hashed");
        }
        digest.update(buffer, 0, count);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String octal(String symbolic) {
    int bits = 0;
    for (int bit = 0; bit < 9; bit++) {
      if (symbolic.charAt(bit) != '-') {
        bits |= 0400 >> bit;
      }
    }
    return String.format("0%03o", bits);
  }
}
