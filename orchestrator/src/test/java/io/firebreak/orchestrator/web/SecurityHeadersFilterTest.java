package io.firebreak.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SecurityHeadersFilterTest {
  final SecurityHeadersFilter filter = new SecurityHeadersFilter();
  final HttpServletResponse response = mock(HttpServletResponse.class);

  @Test
  void doFilter_setsThePolicyBeforeTheRequestIsHandled() throws Exception {
    AtomicBoolean handled = new AtomicBoolean();

    filter.doFilter(request("/ui/"), response, (request, ignored) -> {
      // Set first, so that error responses written by the handler carry them too.
      verify(response).setHeader("Content-Security-Policy", SecurityHeadersFilter.CONTENT_SECURITY_POLICY);
      verify(response).setHeader("X-Content-Type-Options", "nosniff");
      verify(response).setHeader("Referrer-Policy", "no-referrer");
      handled.set(true);
    });

    assertThat(handled).isTrue();
    assertThat(SecurityHeadersFilter.CONTENT_SECURITY_POLICY)
        .contains("script-src 'self';", "style-src 'self';", "frame-ancestors 'none'")
        .doesNotContain("unsafe");
  }

  @Test
  void doFilter_forbidsCachingOfApiResponsesOnly() throws Exception {
    HttpServletResponse api = mock(HttpServletResponse.class);
    HttpServletResponse ui = mock(HttpServletResponse.class);

    filter.doFilter(request("/api/v1/approvals"), api, (request, ignored) -> { });
    filter.doFilter(request("/ui/app.js"), ui, (request, ignored) -> { });

    verify(api).setHeader("Cache-Control", "no-store");
    verify(ui).setHeader("Cache-Control", "no-cache");
  }

  private static HttpServletRequest request(String path) {
    HttpServletRequest request = mock(HttpServletRequest.class);
    when(request.getRequestURI()).thenReturn(path);
    return request;
  }
}
