package io.firebreak.agent.isolation;

import io.firebreak.agent.action.GatewayLink;
import io.firebreak.agent.isolation.Reachability.Attempt;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The checks that prove an isolation change did what it must: the gateway channel still works, and
 * a forbidden destination is (or, after release, is again) unreachable. Stateless.
 */
final class SelfTest {
  private SelfTest() {}

  /**
   * One check's verdict.
   *
   * @param passed whether the host is as it must be
   * @param summary what was tried and what happened, for the evidence and the detail
   */
  record Check(boolean passed, String summary) {}

  /**
   * The gateway is reachable in both ways that matter: the live stream carries a heartbeat round
   * trip (the channel the gateway will send the next command on), and a new TCP connection to one
   * of its addresses succeeds (so the agent can reconnect if the stream drops). A fresh connection
   * alone is not enough: when the agent reaches its gateway through a local forwarder or proxy, the
   * connection to it succeeds while the path beyond is cut.
   */
  static Check gateway(GatewayLink link, List<InetAddress> addresses, int port, Duration timeout)
      throws InterruptedException {
    String stream;
    boolean streamOk;
    try {
      stream =
          "heartbeat round trip on the live stream in "
              + link.roundTrip(timeout).toMillis()
              + " ms";
      streamOk = true;
    } catch (IOException e) {
      stream = "heartbeat round trip on the live stream failed: " + e.getMessage();
      streamOk = false;
    }
    List<Attempt> attempts = Reachability.firstReachable(addresses, port, timeout);
    boolean connectOk = attempts.stream().anyMatch(Attempt::reachable);
    String connect = "new connection: " + describe(attempts);
    return new Check(streamOk && connectOk, stream + "; " + connect);
  }

  /** A new TCP connection to one of the gateway's addresses succeeds (no live stream needed). */
  static Check gatewayConnect(List<InetAddress> addresses, int port, Duration timeout) {
    List<Attempt> attempts = Reachability.firstReachable(addresses, port, timeout);
    return new Check(
        attempts.stream().anyMatch(Attempt::reachable), "new connection: " + describe(attempts));
  }

  /** Every address of {@code probe} refuses or drops a TCP connection. */
  static Check unreachable(HostPort probe, List<InetAddress> addresses, Duration timeout) {
    List<Attempt> attempts = Reachability.all(addresses, probe.port(), timeout);
    boolean blocked = attempts.stream().noneMatch(Attempt::reachable);
    return new Check(
        blocked,
        probe + (blocked ? " is unreachable: " : " is still reachable: ") + describe(attempts));
  }

  /** At least one address of {@code probe} accepts a TCP connection. */
  static Check reachable(HostPort probe, List<InetAddress> addresses, Duration timeout) {
    List<Attempt> attempts = Reachability.firstReachable(addresses, probe.port(), timeout);
    boolean reached = attempts.stream().anyMatch(Attempt::reachable);
    return new Check(
        reached, probe + (reached ? " is reachable: " : " is unreachable: ") + describe(attempts));
  }

  private static String describe(List<Attempt> attempts) {
    return attempts.stream().map(Attempt::describe).collect(Collectors.joining(", "));
  }
}
