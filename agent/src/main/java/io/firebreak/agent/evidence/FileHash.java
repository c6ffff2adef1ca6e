package io.firebreak.agent.evidence;

/**
 * What was found at one requested path.
 *
 * @param path the path as requested
 * @param status {@code hashed}, {@code missing}, {@code too-large}, {@code not-a-regular-file},
 *     {@code budget-exhausted}, {@code invalid} or {@code unreadable}
 * @param size the file's size in bytes (-1 when unknown)
 * @param sha256 the lower-case hex SHA-256 of its content, empty unless hashed
 * @param modified its last modification time (ISO-8601), empty when unknown
 * @param owner its owner and group, {@code user:group}, empty when unknown
 * @param mode its permissions in octal, empty when unknown
 * @param error why it was not hashed, empty when it was
 */
record FileHash(
    String path,
    String status,
    long size,
    String sha256,
    String modified,
    String owner,
    String mode,
    String error) {

  /** Whether the file was hashed. */
  boolean hashed() {
    return status.equals("hashed");
  }

  /** A path that was not hashed for {@code reason}. */
  static FileHash notHashed(String path, String status, long size, String reason) {
    return new FileHash(path, status, size, "", "", "", "", reason);
  }
}
