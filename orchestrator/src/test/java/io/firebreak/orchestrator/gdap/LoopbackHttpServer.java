package io.firebreak.orchestrator.gdap;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A small HTTP/1.1 server on 127.0.0.1 with an ephemeral port, one connection per request
 * ({@code Connection: close}), so a test can also break a connection the hard way: a TCP reset
 * after part of a response. Owning the socket is why this is not the JDK's HttpServer.
 */
final class LoopbackHttpServer implements AutoCloseable {
  /** A parsed request; header names are lower-case. */
  record Request(String method, URI uri, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** A response to send, or {@link #connectionReset()} to send a few bytes and then a TCP RST. */
  record Response(int status, Map<String, String> headers, String body, boolean reset) {
    static Response of(int status, Map<String, String> headers, String body) {
      return new Response(status, headers, body, false);
    }

    static Response connectionReset() {
      return new Response(0, Map.of(), "", true);
    }
  }

  private final ServerSocket socket;
  private final ExecutorService connections = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "fake-graph-http");
    thread.setDaemon(true);
    return thread;
  });
  private final Function<Request, Response> handler;

  LoopbackHttpServer(Function<Request, Response> handler) throws IOException {
    this.handler = handler;
    this.socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    connections.execute(this::acceptLoop);
  }

  /** {@code http://127.0.0.1:<port>}. */
  String baseUrl() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket connection = socket.accept();
        connections.execute(() -> serve(connection));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket connection) {
    try (connection) {
      InputStream in = new BufferedInputStream(connection.getInputStream());
      String requestLine = readLine(in);
      if (requestLine == null || requestLine.isEmpty()) {
        return;
      }
      String[] parts = requestLine.split(" ");
      Map<String, String> headers = new LinkedHashMap<>();
      for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
        int colon = line.indexOf(':');
        headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
      }
      int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
      String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
      Response response = handler.apply(new Request(parts[0], URI.create(baseUrl() + parts[1]), headers, body));
      OutputStream out = connection.getOutputStream();
      if (response.reset()) {
        out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 512\r\n\r\n{\"val"
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        connection.setSoLinger(true, 0); // close() now sends RST instead of FIN
        return;
      }
      byte[] bytes = response.body() == null ? new byte[0] : response.body().getBytes(StandardCharsets.UTF_8);
      StringBuilder head = new StringBuilder("HTTP/1.1 ").append(response.status()).append(' ')
          .append(reason(response.status())).append("\r\n");
      response.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      head.append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n\r\n");
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.write(bytes);
      out.flush();
    } catch (SocketException clientWentAway) {
      // The client timed out or gave up; nothing to answer.
    } catch (IOException e) {
      throw new IllegalStateException("fake HTTP server failed", e);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int next = in.read(); next != -1; next = in.read()) {
      if (next == '\n') {
        return line.toString(StandardCharsets.US_ASCII).replaceAll("\r$", "");
      }
      line.write(next);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 204 -> "No Content";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 404 -> "Not Found";
      case 412 -> "Precondition Failed";
      case 428 -> "Precondition Required";
      case 429 -> "Too Many Requests";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Status";
    };
  }

  @Override
  public void close() throws IOException {
    socket.close();
    connections.shutdownNow();
  }
}
