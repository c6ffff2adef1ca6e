package io.firebreak.orchestrator.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Refuses (403) a state-changing request that a browser sent on behalf of another site: the
 * browser says so in {@code Sec-Fetch-Site}, or, in browsers without it, the {@code Origin} names
 * another host. This runs before anything else handles the request, whatever its content type,
 * so a cross-site HTML form is turned away even where the API would first object to the form
 * encoding. It adds to the session's CSRF token; it does not replace it. Clients that are not
 * browsers send neither header and pass. Thread-safe.
 */
public final class CrossSiteRequestFilter implements Filter {
  static final String REFUSAL = "{\"error\":\"cross-site request refused\"}";
  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
  // "same-site" is refused too: a sibling subdomain is another application, yet the cookie goes along.
  private static final Set<String> OWN_SITE = Set.of("same-origin", "none");

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse answer
        && !SAFE_METHODS.contains(http.getMethod()) && fromAnotherSite(http)) {
      answer.setStatus(HttpServletResponse.SC_FORBIDDEN);
      answer.setContentType("application/json");
      answer.getOutputStream().write(REFUSAL.getBytes(StandardCharsets.UTF_8));
      return;
    }
    chain.doFilter(request, response);
  }

  static boolean fromAnotherSite(HttpServletRequest request) {
    String site = request.getHeader("Sec-Fetch-Site");
    if (site != null) {
      return !OWN_SITE.contains(site.trim().toLowerCase(java.util.Locale.ROOT));
    }
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return false;
    }
    String host = request.getHeader("Host");
    try {
      String authority = URI.create(origin.trim()).getRawAuthority();
      return authority == null || host == null || !authority.equalsIgnoreCase(host.trim());
    } catch (IllegalArgumentException e) {
      return true;
    }
  }
}
