package io.firebreak.orchestrator.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Sets the browser security headers on every response: a Content-Security-Policy that allows
 * only this origin's own scripts and styles (no inline code, no framing), no MIME sniffing, no
 * referrer, and no caching of API responses (they carry incident and approval data). The headers
 * are set before the request is handled, so error responses carry them too. Thread-safe.
 */
public final class SecurityHeadersFilter implements Filter {
  public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
      + " img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse headers) {
      headers.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
      headers.setHeader("X-Content-Type-Options", "nosniff");
      headers.setHeader("Referrer-Policy", "no-referrer");
      // frame-ancestors covers current browsers; this covers the ones that predate it.
      headers.setHeader("X-Frame-Options", "DENY");
      // API answers are never stored; the UI's files are revalidated so a deploy shows at once.
      headers.setHeader("Cache-Control", isApi(http) ? "no-store" : "no-cache");
    }
    chain.doFilter(request, response);
  }

  private static boolean isApi(HttpServletRequest request) {
    String path = request.getRequestURI();
    return path != null && (path.equals("/api") || path.startsWith("/api/"));
  }
}
