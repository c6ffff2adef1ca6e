package io.firebreak.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class CrossSiteRequestFilterTest {
  final CrossSiteRequestFilter filter = new CrossSiteRequestFilter();

  @Test
  void doFilter_refusesAFormPostedFromAnotherSiteBeforeAnythingHandlesIt() throws Exception {
    HttpServletRequest request = request("POST", "cross-site", "https://attacker.example", "firebreak.example");
    HttpServletResponse response = mock(HttpServletResponse.class);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    when(response.getOutputStream()).thenReturn(capture(body));
    AtomicBoolean handled = new AtomicBoolean();

    filter.doFilter(request, response, (ignored, alsoIgnored) -> handled.set(true));

    assertThat(handled).isFalse();
    verify(response).setStatus(403);
    assertThat(body.toString(StandardCharsets.UTF_8)).isEqualTo("{\"error\":\"cross-site request refused\"}");
  }

  @Test
  void fromAnotherSite_trustsFetchMetadataThenTheOrigin() {
    assertThat(CrossSiteRequestFilter.fromAnotherSite(request("POST", "same-origin", null, "fb.example"))).isFalse();
    assertThat(CrossSiteRequestFilter.fromAnotherSite(request("POST", "none", null, "fb.example"))).isFalse();
    assertThat(CrossSiteRequestFilter.fromAnotherSite(request("POST", "same-site", null, "fb.example"))).isTrue();
    assertThat(CrossSiteRequestFilter.fromAnotherSite(request("POST", "cross-site", null, "fb.example"))).isTrue();
    // Browsers without fetch metadata: the Origin decides.
    assertThat(CrossSiteRequestFilter.fromAnotherSite(
        request("POST", null, "https://fb.example:8443", "fb.example:8443"))).isFalse();
    assertThat(CrossSiteRequestFilter.fromAnotherSite(request("POST", null, "https://evil.example", "fb.example")))
        .isTrue();
    assertThat(CrossSiteRequestFilter.fromAnotherSite(request("POST", null, "null", "fb.example"))).isTrue();
    // Not a browser (curl, scripts with a token): neither header, nothing to judge.
    assertThat(CrossSiteRequestFilter.fromAnotherSite(request("POST", null, null, "fb.example"))).isFalse();
  }

  @Test
  void doFilter_letsSafeMethodsThroughFromAnywhere() throws Exception {
    AtomicBoolean handled = new AtomicBoolean();

    filter.doFilter(request("GET", "cross-site", "https://attacker.example", "fb.example"),
        mock(HttpServletResponse.class), (ignored, alsoIgnored) -> handled.set(true));

    assertThat(handled).isTrue();
  }

  private static HttpServletRequest request(String method, String fetchSite, String origin, String host) {
    HttpServletRequest request = mock(HttpServletRequest.class);
    when(request.getMethod()).thenReturn(method);
    when(request.getHeader("Sec-Fetch-Site")).thenReturn(fetchSite);
    when(request.getHeader("Origin")).thenReturn(origin);
    when(request.getHeader("Host")).thenReturn(host);
    return request;
  }

  private static ServletOutputStream capture(ByteArrayOutputStream bytes) {
    return new ServletOutputStream() {
      @Override
      public void write(int b) {
        bytes.write(b);
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setWriteListener(WriteListener listener) {}
    };
  }
}
