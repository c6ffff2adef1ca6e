package io.firebreak.orchestrator.web;

import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;

/**
 * The on-call web UI: its static files under {@code /ui/} (and {@code /} redirecting there), the
 * security headers on every response of the application port, and the refusal of state-changing
 * requests that other sites make a browser send, and {@code Connection: close} on error responses
 * that leave a request's body unread. The UI is a client of the public REST API only;
 * it has no endpoints of its own.
 */
public final class WebUi {
  private WebUi() {}

  /** Registers the UI's files and the filters with {@code environment}. */
  public static void install(Environment environment) {
    // Headers first, so that a refusal by the next filter carries them too.
    environment.servlets()
        .addFilter("security-headers", new SecurityHeadersFilter())
        .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
    // Before the refusals it has to see: a refusal must not leave an unread body on a kept-alive connection.
    environment.servlets()
        .addFilter("unread-body", new UnreadBodyFilter())
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    environment.servlets()
        .addFilter("cross-site-requests", new CrossSiteRequestFilter())
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    environment.jersey().register(new UiResource(UiResource.CLASSPATH_ROOT));
  }
}
