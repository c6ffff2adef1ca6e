package io.firebreak.orchestrator.auth;

import io.dropwizard.auth.Authenticator;
import java.time.Clock;
import java.util.Optional;

/** Authenticates {@code Authorization: Bearer <token>} against the hashed API tokens. */
public final class TokenAuthenticator implements Authenticator<String, FirebreakPrincipal> {
  private final ApiTokenDao tokens;
  private final Clock clock;

  public TokenAuthenticator(ApiTokenDao tokens, Clock clock) {
    this.tokens = tokens;
    this.clock = clock;
  }

  @Override
  public Optional<FirebreakPrincipal> authenticate(String secret) {
    if (secret == null || secret.isBlank() || secret.length() > 512) {
      return Optional.empty();
    }
    return tokens.findBySecret(secret)
        .filter(token -> token.revokedAt() == null)
        .filter(token -> token.expiresAt() == null || token.expiresAt().isAfter(clock.instant()))
        .map(token -> new FirebreakPrincipal(token.name(), token.role(), token.tokenId()));
  }
}
