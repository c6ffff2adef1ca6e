package io.firebreak.agent.isolation;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;

/**
 * A TCP endpoint as configured: {@code host:port}, {@code 192.0.2.7:443} or {@code
 * [2001:db8::7]:443}. The host is kept as written and resolved only on demand. Immutable.
 *
 * @param host a host name or IP literal (without brackets)
 * @param port 1..65535
 */
public record HostPort(String host, int port) {

  public HostPort {
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " is not in 1..65535");
    }
  }

  /**
   * Parses {@code host:port} or {@code [ipv6]:port}.
   *
   * @throws IllegalArgumentException naming {@code text} if it is malformed
   */
  public static HostPort parse(String text) {
    String trimmed = text.strip();
    String host;
    String port;
    if (trimmed.startsWith("[")) {
      int close = trimmed.indexOf("]:");
      if (close < 0) {
        throw new IllegalArgumentException("'" + text + "' is not [IPV6]:PORT");
      }
      host = trimmed.substring(1, close);
      port = trimmed.substring(close + 2);
    } else {
      int colon = trimmed.lastIndexOf(':');
      if (colon < 0 || trimmed.indexOf(':') != colon) {
        throw new IllegalArgumentException(
            "'" + text + "' is not HOST:PORT (write IPv6 addresses as [ADDRESS]:PORT)");
      }
      host = trimmed.substring(0, colon);
      port = trimmed.substring(colon + 1);
    }
    if (!port.matches("\\d{1,5}")) {
      throw new IllegalArgumentException("'" + text + "' has no valid port");
    }
    try {
      return new HostPort(host, Integer.parseInt(port));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
    }
  }

  /**
   * Every address the host resolves to (IPv4 and IPv6), in resolver order.
   *
   * @throws UnknownHostException if it resolves to nothing
   */
  public List<InetAddress> resolve() throws UnknownHostException {
    return List.of(InetAddress.getAllByName(host));
  }

  @Override
  public String toString() {
    return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
  }
}
