package io.firebreak.orchestrator.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Browser sessions. The cookie carries a random secret; only its SHA-256 is stored. A session ends
 * after {@link #IDLE} without use or {@link #ABSOLUTE} after login, whichever comes first, and at
 * logout. Thread-safe.
 */
public final class SessionDao {
  public static final Duration IDLE = Duration.ofMinutes(30);
  public static final Duration ABSOLUTE = Duration.ofHours(8);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Jdbi jdbi;

  public SessionDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** A live session: {@code id} is the stored hash (never the cookie value). */
  public record Session(String id, String username, String csrfToken, Instant createdAt, Instant expiresAt) {}

  /** A new session for {@code username}: the cookie value and the session. */
  public record Opened(String cookie, Session session) {}

  public Opened open(String username, Instant now) {
    String cookie = random();
    Session session = new Session(hash(cookie), username, random(), now, now.plus(ABSOLUTE));
    jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO sessions (session_hash, username, csrf_token,"
            + " created_at, expires_at, last_seen_at) VALUES (:id, :user, :csrf, :now, :expires, :now)")
        .bind("id", session.id())
        .bind("user", username)
        .bind("csrf", session.csrfToken())
        .bind("now", now)
        .bind("expires", session.expiresAt())
        .execute());
    return new Opened(cookie, session);
  }

  /** The live session of {@code cookie}, refreshing its idle timer; empty when unknown or expired. */
  public Optional<Session> find(String cookie, Instant now) {
    if (cookie == null || cookie.isBlank() || cookie.length() > 128) {
      return Optional.empty();
    }
    String id = hash(cookie);
    Optional<Session> found = jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM sessions"
            + " WHERE session_hash = :id AND expires_at > :now AND last_seen_at > :idle")
        .bind("id", id)
        .bind("now", now)
        .bind("idle", now.minus(IDLE))
        .map((rs, ctx) -> new Session(rs.getString("session_hash"), rs.getString("username"),
            rs.getString("csrf_token"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
            rs.getObject("expires_at", OffsetDateTime.class).toInstant()))
        .findOne());
    found.ifPresent(session -> jdbi.useHandle(handle -> handle.createUpdate(
            "UPDATE sessions SET last_seen_at = :now WHERE session_hash = :id")
        .bind("id", id).bind("now", now).execute()));
    return found;
  }

  /** Ends the session with stored hash {@code id}. */
  public void close(String id) {
    jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM sessions WHERE session_hash = :id")
        .bind("id", id).execute());
  }

  /** Ends every session of {@code username} (user disabled). */
  public void closeAll(String username) {
    jdbi.useHandle(handle -> handle.createUpdate("DELETE FROM sessions WHERE username = :user")
        .bind("user", username).execute());
  }

  private static String random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String hash(String secret) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
