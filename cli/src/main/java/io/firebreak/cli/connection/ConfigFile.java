package io.firebreak.cli.connection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firebreak.cli.CliException;
import io.firebreak.cli.ExitCodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The saved connection, {@code {"server": "...", "token": "..."}}, written by {@code firebreak
 * login}. The file holds a secret, so it is created with mode 0600 from the start (a temporary
 * file with that mode, renamed over the old one): there is no moment when another user could read
 * it. Its directory is created with mode 0700.
 */
public final class ConfigFile {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

  /** The saved values; either may be null. */
  public record Saved(String server, String token) {}

  private final Path file;

  public ConfigFile(Path file) {
    this.file = file;
  }

  public Path path() {
    return file;
  }

  /** The saved connection, or empty values when the file does not exist. */
  public Saved read() {
    if (!Files.exists(file)) {
      return new Saved(null, null);
    }
    try {
      JsonNode json = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
      if (json == null || !json.isObject()) {
        throw broken("it is not a JSON object");
      }
      return new Saved(text(json, "server"), text(json, "token"));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw broken("it is not valid JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw broken("it cannot be read (" + e.getMessage() + ")");
    }
  }

  /** Replaces the file atomically with {@code server} and {@code token}, mode 0600. */
  public void write(String server, String token) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir, posix(OWNER_ONLY_DIR));
    }
    ObjectNode json = MAPPER.createObjectNode().put("server", server).put("token", token);
    Path temporary = Files.createTempFile(dir, ".config-", ".tmp", posix(OWNER_ONLY));
    try {
      Files.writeString(temporary, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n",
          StandardCharsets.UTF_8);
      try {
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  private static FileAttribute<?>[] posix(Set<PosixFilePermission> permissions) {
    boolean posix = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)} : new FileAttribute<?>[0];
  }

  private CliException broken(String why) {
    return new CliException(ExitCodes.USAGE, "cannot use the configuration file " + file + ": " + why,
        "fix or delete it, then run: firebreak login --server URL --token TOKEN");
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
  }
}
