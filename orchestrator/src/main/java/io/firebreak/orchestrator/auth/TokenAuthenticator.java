package io.firebreak.orchestrator.auth;

import io.dropwizard.auth.Authenticator;
import java.time.Clock;
import java.util.Optional;

/** Authenticates {@code Authorization: Bearer <token>} against the hashed API tokens. */
public final class TokenAuthenticator implements Authenticator<String, FirebreakPrincipal> {
  private final ApiTokenDao tokens;
  private final UserDao users;
  private final Clock clock;

  public TokenAuthenticator(ApiTokenDao tokens, Clock clock) {
    this(tokens, null, clock);
  }

  /** With {@code users}, a token owned by a disabled user stops working. */
  public TokenAuthenticator(ApiTokenDao tokens, UserDao users, Clock clock) {
    this.tokens = tokens;
    this.users = users;
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
        .flatMap(this::principal);
  }

  private Optional<FirebreakPrincipal> principal(ApiTokenDao.TokenRecord token) {
    if (token.owner() == null || users == null) {
      return Optional.of(new FirebreakPrincipal(token.name(), java.util.Set.of(token.role()), token.partitions(), 1,
          token.tokenId(), null));
    }
    return users.find(token.owner()).filter(user -> user.disabledAt() == null)
        .map(user -> new FirebreakPrincipal(user.username(), java.util.Set.of(token.role()), token.partitions(),
            user.tier(), token.tokenId(), null));
  }
}
