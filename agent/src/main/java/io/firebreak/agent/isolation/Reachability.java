package io.firebreak.agent.isolation;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens real TCP connections to learn whether an endpoint is reachable from this host (in the
 * agent's network namespace). Thread-safe and stateless.
 */
final class Reachability {
  private Reachability() {}

  /**
   * The outcome of one connection attempt.
   *
   * @param endpoint the address and port tried
   * @param reachable whether the TCP handshake completed
   * @param millis how long the attempt took
   * @param error why it failed (empty when reachable)
   */
  record Attempt(InetSocketAddress endpoint, boolean reachable, long millis, String error) {

    /**
     * E.g. {@code 10.0.0.1:7443 reachable in 2 ms} or {@code ... unreachable after 1000 ms: ...}.
     */
    String describe() {
      String where = Cidr.format(endpoint.getAddress()) + " port " + endpoint.getPort();
      return reachable
          ? where + " reachable in " + millis + " ms"
          : where + " unreachable after " + millis + " ms (" + error + ")";
    }
  }

  /** Tries one TCP handshake with {@code address:port}, waiting at most {@code timeout}. */
  static Attempt connect(InetAddress address, int port, Duration timeout) {
    InetSocketAddress endpoint = new InetSocketAddress(address, port);
    long start = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.connect(endpoint, (int) Math.max(1, timeout.toMillis()));
      return new Attempt(endpoint, true, elapsedMillis(start), "");
    } catch (SocketTimeoutException e) {
      return new Attempt(endpoint, false, elapsedMillis(start), "connect timed out");
    } catch (IOException e) {
      return new Attempt(endpoint, false, elapsedMillis(start), String.valueOf(e.getMessage()));
    }
  }

  /** Tries every address in order and stops at the first reachable one. */
  static List<Attempt> firstReachable(List<InetAddress> addresses, int port, Duration timeout) {
    List<Attempt> attempts = new ArrayList<>();
    for (InetAddress address : addresses) {
      Attempt attempt = connect(address, port, timeout);
      attempts.add(attempt);
      if (attempt.reachable()) {
        break;
      }
    }
    return List.copyOf(attempts);
  }

  /** Tries every address; a probe that must be unreachable must fail on all of them. */
  static List<Attempt> all(List<InetAddress> addresses, int port, Duration timeout) {
    return addresses.stream().map(address -> connect(address, port, timeout)).toList();
  }

  private static long elapsedMillis(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
  }
}
