package io.firebreak.orchestrator.auth;

import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.testing.junit5.ResourceExtension;
import java.time.Clock;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;

/**
 * Bearer-token authentication for {@link ResourceExtension} tests, as {@code
 * FirebreakApplication.registerAuth} sets it up: real hashed tokens, admin may do everything.
 */
public final class TestAuth {
  private TestAuth() {}

  /** Adds the product's auth filter, {@code @RolesAllowed} and {@code @Auth} injection to {@code builder}. */
  public static ResourceExtension.Builder install(ResourceExtension.Builder builder, ApiTokenDao tokens) {
    org.jdbi.v3.core.Jdbi jdbi = tokens.jdbi();
    return builder
        .addProvider(new AuthDynamicFeature(new FirebreakAuthFilter(new TokenAuthenticator(tokens, Clock.systemUTC()),
            new SessionDao(jdbi), new UserDao(jdbi), Clock.systemUTC(), FirebreakAuthFilter.AccessEvents.NONE)))
        .addProvider(RolesAllowedDynamicFeature.class)
        .addProvider(new AuthValueFactoryProvider.Binder<>(FirebreakPrincipal.class));
  }
}
