package io.firebreak.orchestrator.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class UnreadBodyFilterTest {
  final UnreadBodyFilter filter = new UnreadBodyFilter();

  @Test
  void aRefusalThatLeavesTheBodyUnread_closesTheConnectionBeforeItsBodyIsWritten() throws Exception {
    HttpServletResponse response = response(401);

    filter.doFilter(request(42, false), response, (request, answer) -> answer.getOutputStream());

    InOrder order = inOrder(response);
    order.verify(response).setHeader("Connection", "close");
    order.verify(response).getOutputStream();
  }

  @Test
  void aRefusalWithNoBodyWritten_stillClosesTheConnection() throws Exception {
    HttpServletResponse response = response(415);

    filter.doFilter(request(42, false), response, (request, answer) -> { });

    verify(response).setHeader("Connection", "close");
  }

  @Test
  void successesAndErrorsAfterTheBodyWasRead_keepTheConnection() throws Exception {
    HttpServletResponse accepted = response(202);
    HttpServletResponse invalid = response(400);

    filter.doFilter(request(42, false), accepted, (request, answer) -> answer.getOutputStream());
    filter.doFilter(request(42, true), invalid, (request, answer) -> answer.getOutputStream());

    verify(accepted, never()).setHeader(eq("Connection"), anyString());
    verify(invalid, never()).setHeader(eq("Connection"), anyString());
  }

  @Test
  void aRequestWithoutABody_passesTheResponseThroughUntouched() throws Exception {
    HttpServletResponse response = response(404);
    AtomicReference<ServletResponse> seen = new AtomicReference<>();

    filter.doFilter(request(-1, false), response, (request, answer) -> seen.set(answer));

    assertThat(seen.get()).isSameAs(response);
    verify(response, never()).setHeader(eq("Connection"), anyString());
  }

  private static HttpServletRequest request(long contentLength, boolean bodyRead) throws Exception {
    HttpServletRequest request = mock(HttpServletRequest.class);
    ServletInputStream input = mock(ServletInputStream.class);
    when(input.isFinished()).thenReturn(bodyRead);
    when(request.getContentLengthLong()).thenReturn(contentLength);
    when(request.getInputStream()).thenReturn(input);
    return request;
  }

  private static HttpServletResponse response(int status) {
    HttpServletResponse response = mock(HttpServletResponse.class);
    when(response.getStatus()).thenReturn(status);
    return response;
  }
}
