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

  /** Adds the token filter, {@code @RolesAllowed} and {@code @Auth} injection to {@code builder}. */
  public static ResourceExtension.Builder install(ResourceExtension.Builder builder, ApiTokenDao tokens) {
    return builder
        .addProvider(new AuthDynamicFeature(new OAuthCredentialAuthFilter.Builder<FirebreakPrincipal>()
            .setAuthenticator(new TokenAuthenticator(tokens, Clock.systemUTC()))
            .setAuthorizer((principal, role, request) ->
                principal.role().equals(role) || principal.role().equals(Roles.ADMIN))
            .setPrefix("Bearer")
            .setRealm("firebreak")
            .buildAuthFilter()))
        .addProvider(RolesAllowedDynamicFeature.class)
        .addProvider(new AuthValueFactoryProvider.Binder<>(FirebreakPrincipal.class));
  }
}
