package io.firebreak.orchestrator.web;

import io.dropwizard.core.setup.Environment;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;

/**
 * The on-call web UI: its static files under {@code /ui/} (and {@code /} redirecting there), and
 * the security headers on every response of the application port. The UI is a client of the
 * public REST API only; it has no endpoints of its own.
 */
public final class WebUi {
  private WebUi() {}

  /** Registers the UI's files and the security-header filter with {@code environment}. */
  public static void install(Environment environment) {
    environment.servlets()
        .addFilter("security-headers", new SecurityHeadersFilter())
        .addMappingForUrlPatterns(EnumSet.allOf(DispatcherType.class), false, "/*");
    environment.jersey().register(new UiResource(UiResource.CLASSPATH_ROOT));
  }
}
