package io.firebreak.orchestrator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.orchestrator.storage.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenAuthenticatorTest {
  static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");

  @TempDir Path dir;
  Jdbi jdbi;
  ApiTokenDao tokens;
  TokenAuthenticator authenticator;

  @BeforeEach
  void setUp() {
    jdbi = TestDatabase.create(dir);
    tokens = new ApiTokenDao(jdbi);
    authenticator = new TokenAuthenticator(tokens, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void authenticate_acceptsAStoredTokenAndKeepsOnlyItsHash() {
    String secret = ApiTokenDao.newSecret();
    tokens.create("detector", Roles.TRIGGER, secret, null);

    assertThat(authenticator.authenticate(secret)).hasValueSatisfying(principal -> {
      assertThat(principal.name()).isEqualTo("detector");
      assertThat(principal.role()).isEqualTo(Roles.TRIGGER);
    });
    String stored = jdbi.withHandle(h -> h.createQuery("SELECT token_hash FROM api_tokens").mapTo(String.class).one());
    assertThat(stored).hasSize(64).doesNotContain(secret.substring(4, 20));
  }

  @Test
  void authenticate_refusesUnknownExpiredAndRevokedTokens() {
    String expired = ApiTokenDao.newSecret();
    tokens.create("old", Roles.RESPONDER, expired, NOW.minusSeconds(1));
    String revoked = ApiTokenDao.newSecret();
    String revokedId = tokens.create("gone", Roles.RESPONDER, revoked, null);
    jdbi.useHandle(h -> h.execute("UPDATE api_tokens SET revoked_at = CURRENT_TIMESTAMP WHERE token_id = ?", revokedId));

    assertThat(authenticator.authenticate("fbk_never-issued")).isEmpty();
    assertThat(authenticator.authenticate(expired)).isEmpty();
    assertThat(authenticator.authenticate(revoked)).isEmpty();
    assertThat(authenticator.authenticate("")).isEmpty();
  }

  @Test
  void ensureAdminToken_writesTheTokenOnceWithMode0600() throws Exception {
    Path file = AdminTokenBootstrap.ensureAdminToken(tokens, dir, null);

    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    String secret = Files.readString(file).strip();
    assertThat(authenticator.authenticate(secret)).hasValueSatisfying(p -> assertThat(p.role()).isEqualTo(Roles.ADMIN));
    assertThat(AdminTokenBootstrap.ensureAdminToken(tokens, dir, null)).isNull();
    assertThat(Files.readString(file).strip()).isEqualTo(secret);
  }

  @Test
  void ensureAdminToken_usesThePresetWithoutWritingAFile() throws Exception {
    String preset = "preset-admin-token-0123456789";

    assertThat(AdminTokenBootstrap.ensureAdminToken(tokens, dir, preset)).isNull();

    assertThat(Files.exists(dir.resolve(AdminTokenBootstrap.TOKEN_FILE))).isFalse();
    assertThat(authenticator.authenticate(preset)).isPresent();
  }
}
