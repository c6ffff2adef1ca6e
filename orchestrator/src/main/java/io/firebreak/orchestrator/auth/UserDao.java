package io.firebreak.orchestrator.auth;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** People who log in to the web UI or own API tokens. Thread-safe. */
public final class UserDao {
  private final Jdbi jdbi;

  public UserDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** A stored user (the password hash stays inside this class and the login check). */
  public record User(String username, Set<String> roles, Set<String> partitions, int tier, Instant createdAt,
      Instant disabledAt, int failedLogins, Instant lockedUntil) {

    public FirebreakPrincipal principal(String sessionId) {
      return new FirebreakPrincipal(username, roles, partitions, tier, null, sessionId);
    }
  }

  /**
   * Stores a new user.
   *
   * @throws IllegalStateException when the name is taken
   */
  public void create(String username, String passwordHash, Set<String> roles, Set<String> partitions, int tier,
      Instant now) {
    if (find(username).isPresent()) {
      throw new IllegalStateException("user " + username + " already exists");
    }
    jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO users (username, password_hash, roles, partitions,"
            + " tier, created_at) VALUES (:user, :hash, :roles, :partitions, :tier, :now)")
        .bind("user", username)
        .bind("hash", passwordHash)
        .bind("roles", String.join(",", roles))
        .bind("partitions", String.join(",", partitions))
        .bind("tier", tier)
        .bind("now", now)
        .execute());
  }

  public Optional<User> find(String username) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM users WHERE username = :user")
        .bind("user", username)
        .map((rs, ctx) -> map(rs))
        .findOne());
  }

  /** The stored hash of an enabled user, for the login check. */
  Optional<String> passwordHash(String username) {
    return jdbi.withHandle(handle -> handle.createQuery(
            "SELECT password_hash FROM users WHERE username = :user AND disabled_at IS NULL")
        .bind("user", username)
        .mapTo(String.class)
        .findOne());
  }

  public List<User> list() {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM users ORDER BY username")
        .map((rs, ctx) -> map(rs))
        .list());
  }

  /** Counts a failed login; locks the account for {@code lock} after {@code maxFailures}. */
  void failedLogin(String username, int maxFailures, Instant lockUntil) {
    jdbi.useHandle(handle -> handle.createUpdate("UPDATE users SET failed_logins = failed_logins + 1,"
            + " locked_until = CASE WHEN failed_logins + 1 >= :max THEN :until ELSE locked_until END"
            + " WHERE username = :user")
        .bind("user", username)
        .bind("max", maxFailures)
        .bind("until", lockUntil)
        .execute());
  }

  void succeededLogin(String username) {
    jdbi.useHandle(handle -> handle.createUpdate(
            "UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = :user")
        .bind("user", username)
        .execute());
  }

  /** Disables a user; their sessions must be dropped by the caller. */
  public boolean disable(String username, Instant now) {
    return jdbi.withHandle(handle -> handle.createUpdate(
            "UPDATE users SET disabled_at = :now WHERE username = :user AND disabled_at IS NULL")
        .bind("user", username)
        .bind("now", now)
        .execute()) > 0;
  }

  private static User map(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new User(rs.getString("username"), split(rs.getString("roles")), split(rs.getString("partitions")),
        rs.getInt("tier"), instant(rs.getObject("created_at", OffsetDateTime.class)),
        instant(rs.getObject("disabled_at", OffsetDateTime.class)), rs.getInt("failed_logins"),
        instant(rs.getObject("locked_until", OffsetDateTime.class)));
  }

  static Set<String> split(String csv) {
    if (csv == null || csv.isBlank()) {
      return Set.of();
    }
    return new LinkedHashSet<>(Arrays.asList(csv.split(",")));
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }
}
