package io.firebreak.orchestrator.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a first start with no credentials, creates the admin token. A preset token
 * ({@code FIREBREAK_ADMIN_TOKEN}) is stored (hashed) as given; otherwise a random one is generated
 * and written once to {@code <dataDir>/admin.token} with mode 0600. Only the hash stays in the
 * database; the secret never reaches the log.
 */
public final class AdminTokenBootstrap {
  private static final Logger LOG = LoggerFactory.getLogger(AdminTokenBootstrap.class);
  public static final String TOKEN_FILE = "admin.token";

  private AdminTokenBootstrap() {}

  /** Ensures an admin token exists. Returns the token file path if one was written. */
  public static Path ensureAdminToken(ApiTokenDao tokens, Path dataDir, String preset) throws IOException {
    if (preset != null && !preset.isBlank()) {
      if (preset.length() < 16) {
        throw new IllegalArgumentException("FIREBREAK_ADMIN_TOKEN must be at least 16 characters");
      }
      if (tokens.findBySecret(preset).isEmpty()) {
        tokens.create("admin", Roles.ADMIN, preset, null);
        LOG.info("Admin token taken from FIREBREAK_ADMIN_TOKEN");
      }
      return null;
    }
    if (tokens.count() > 0) {
      return null;
    }
    String secret = ApiTokenDao.newSecret();
    Path file = dataDir.resolve(TOKEN_FILE);
    Files.deleteIfExists(file);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, secret + "\n", StandardCharsets.US_ASCII);
    tokens.create("admin", Roles.ADMIN, secret, null);
    LOG.info("Created the first admin token; it is in {} (mode 0600). Keep it safe.", file);
    return file;
  }
}
