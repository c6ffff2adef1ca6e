package io.firebreak.orchestrator.web;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * Tells the client to open a new connection after an error response that was sent without
 * reading the request's body: {@code Connection: close} on a refusal (401, 403, 404, 415 and the
 * like) of a request whose body is still unread when the response is committed.
 *
 * <p>Without it, a refusal that beats the body to the server leaves the connection looking
 * reusable; Jetty closes it once the abandoned body arrives, and the client's next request on it
 * fails with an empty reply ("header parser received no bytes" in the JDK client). Reading the
 * body instead would make the server wait for whatever an unauthenticated caller chooses to send.
 * Successful responses are left alone. Thread-safe.
 */
public final class UnreadBodyFilter implements Filter {

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse answer
        && hasBody(http)) {
      CloseOnUnreadBody guarded = new CloseOnUnreadBody(http, answer);
      chain.doFilter(request, guarded);
      guarded.beforeCommit();
      return;
    }
    chain.doFilter(request, response);
  }

  private static boolean hasBody(HttpServletRequest request) {
    return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
  }

  /** Checks the request's body at every point where the response may be committed. */
  private static final class CloseOnUnreadBody extends HttpServletResponseWrapper {
    private final HttpServletRequest request;
    private final HttpServletResponse response;

    CloseOnUnreadBody(HttpServletRequest request, HttpServletResponse response) {
      super(response);
      this.request = request;
      this.response = response;
    }

    void beforeCommit() {
      if (response.isCommitted() || response.getStatus() < 400 || bodyFinished()) {
        return;
      }
      response.setHeader("Connection", "close");
    }

    private boolean bodyFinished() {
      try {
        return request.getInputStream().isFinished();
      } catch (IllegalStateException | IOException readThroughTheReader) {
        // The application read it as characters: it did not abandon it.
        return true;
      }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
      beforeCommit();
      return super.getOutputStream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
      beforeCommit();
      return super.getWriter();
    }

    @Override
    public void flushBuffer() throws IOException {
      beforeCommit();
      super.flushBuffer();
    }

    @Override
    public void sendError(int status, String message) throws IOException {
      super.setStatus(status);
      beforeCommit();
      super.sendError(status, message);
    }

    @Override
    public void sendError(int status) throws IOException {
      super.setStatus(status);
      beforeCommit();
      super.sendError(status);
    }
  }
}
