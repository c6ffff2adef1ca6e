package io.firebreak.orchestrator.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * API tokens, stored only as SHA-256 hashes: the secret is shown once when it is created. Tokens
 * are 256-bit random values, so a fast hash is enough (no password stretching needed).
 * Thread-safe.
 */
public final class ApiTokenDao {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Jdbi jdbi;

  public ApiTokenDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * A token as stored (no secret).
   *
   * @param owner the user it belongs to, or null for a system token (e.g. a detection system)
   * @param partitions the partitions it may act on ({@code *} for all)
   */
  public record TokenRecord(String tokenId, String name, String role, Instant expiresAt, Instant revokedAt,
      String owner, java.util.Set<String> partitions, Instant createdAt, Instant lastUsedAt) {}

  /** The database this reads (for components sharing it). */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** A freshly generated secret, e.g. {@code fbk_<43 url-safe base64 characters>}. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return "fbk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Stores {@code secret} (hashed) for {@code name} with {@code role}. */
  public String create(String name, String role, String secret, Instant expiresAt) {
    return create(name, role, secret, expiresAt, null, java.util.Set.of(FirebreakPrincipal.ALL_PARTITIONS));
  }

  /** Stores {@code secret} (hashed) for {@code name}, owned by {@code owner} and limited to {@code partitions}. */
  public String create(String name, String role, String secret, Instant expiresAt, String owner,
      java.util.Set<String> partitions) {
    String tokenId = "tok-" + HexFormat.of().formatHex(hash(secret), 0, 6);
    jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO api_tokens (token_id, name, token_hash,"
            + " role, created_at, expires_at, owner, partitions)"
            + " VALUES (:id, :name, :hash, :role, :now, :expires, :owner, :partitions)")
        .bind("id", tokenId)
        .bind("name", name)
        .bind("hash", HexFormat.of().formatHex(hash(secret)))
        .bind("role", role)
        .bind("now", Instant.now())
        .bind("expires", expiresAt)
        .bind("owner", owner)
        .bind("partitions", String.join(",", partitions))
        .execute());
    return tokenId;
  }

  /** Every token (no secrets), newest first. */
  public java.util.List<TokenRecord> list() {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM api_tokens ORDER BY created_at DESC")
        .map((rs, ctx) -> map(rs))
        .list());
  }

  /** Revokes a token; false when it does not exist or was revoked already. */
  public boolean revoke(String tokenId) {
    return jdbi.withHandle(handle -> handle.createUpdate(
            "UPDATE api_tokens SET revoked_at = :now WHERE token_id = :id AND revoked_at IS NULL")
        .bind("id", tokenId)
        .bind("now", Instant.now())
        .execute()) > 0;
  }

  private static TokenRecord map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new TokenRecord(
        rs.getString("token_id"),
        rs.getString("name"),
        rs.getString("role"),
        instant(rs.getObject("expires_at", OffsetDateTime.class)),
        instant(rs.getObject("revoked_at", OffsetDateTime.class)),
        rs.getString("owner"),
        UserDao.split(rs.getString("partitions")),
        instant(rs.getObject("created_at", OffsetDateTime.class)),
        instant(rs.getObject("last_used_at", OffsetDateTime.class)));
  }

  /** The token whose secret is {@code secret}, if it exists (valid or not). */
  public Optional<TokenRecord> findBySecret(String secret) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM api_tokens WHERE token_hash = :hash")
        .bind("hash", HexFormat.of().formatHex(hash(secret)))
        .map((rs, ctx) -> map(rs))
        .findOne());
  }

  public int count() {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM api_tokens")
        .mapTo(Integer.class)
        .one());
  }

  public void touch(String tokenId) {
    jdbi.useHandle(handle -> handle.createUpdate(
            "UPDATE api_tokens SET last_used_at = :now WHERE token_id = :id")
        .bind("id", tokenId)
        .bind("now", Instant.now())
        .execute());
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  private static byte[] hash(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
