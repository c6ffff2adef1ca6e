package io.firebreak.agent.evidence;

import io.firebreak.agent.isolation.Cidr;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The sockets of the agent's network namespace, parsed from {@code /proc/net/tcp}, {@code tcp6},
 * {@code udp} and {@code udp6}: every TCP socket in any state and every bound UDP socket, with the
 * processes holding each (from {@link ProcessTable#socketOwners()}). A table that does not exist
 * (IPv6 disabled) is skipped; a malformed line is skipped. Thread-safe and stateless.
 */
final class SocketTable {
  private static final List<String> TABLES = List.of("tcp", "tcp6", "udp", "udp6");

  /** TCP states by the kernel's number (include/net/tcp_states.h). */
  private static final List<String> TCP_STATES =
      List.of(
          "UNKNOWN",
          "ESTABLISHED",
          "SYN_SENT",
          "SYN_RECV",
          "FIN_WAIT1",
          "FIN_WAIT2",
          "TIME_WAIT",
          "CLOSE",
          "CLOSE_WAIT",
          "LAST_ACK",
          "LISTEN",
          "CLOSING",
          "NEW_SYN_RECV");

  private final Path proc;

  /**
   * @param proc the proc file system, {@code /proc} on a real host
   */
  SocketTable(Path proc) {
    this.proc = proc;
  }

  /** Every socket of the four tables, in table order, with the pids from {@code owners}. */
  List<SocketInfo> sockets(Map<Long, List<Integer>> owners) throws IOException {
    List<SocketInfo> sockets = new ArrayList<>();
    for (String table : TABLES) {
      List<String> lines;
      try {
        lines = Files.readAllLines(proc.resolve("net").resolve(table), StandardCharsets.US_ASCII);
      } catch (NoSuchFileException e) {
        continue;
      }
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        SocketInfo socket = parse(table, line, owners);
        if (socket != null) {
          sockets.add(socket);
        }
      }
    }
    return sockets;
  }

  /** One line of a table, or null if it is malformed. */
  static SocketInfo parse(String table, String line, Map<Long, List<Integer>> owners) {
    String[] field = line.strip().split("\\s+");
    if (field.length < 10 || !field[0].endsWith(":")) {
      return null;
    }
    try {
      int state = Integer.parseInt(field[3], 16);
      long inode = Long.parseLong(field[9]);
      String stateName;
      if (table.startsWith("udp")) {
        stateName = state == 1 ? "ESTABLISHED" : "UNCONN";
      } else {
        stateName = state < TCP_STATES.size() ? TCP_STATES.get(state) : "UNKNOWN";
      }
      return new SocketInfo(
          table,
          stateName,
          endpoint(field[1]),
          endpoint(field[2]),
          Integer.parseUnsignedInt(field[7]),
          inode,
          List.copyOf(owners.getOrDefault(inode, List.of())));
    } catch (IllegalArgumentException | UnknownHostException e) {
      return null;
    }
  }

  /**
   * {@code 0100007F:1F90} as {@code 127.0.0.1:8080}. The kernel prints the address as 32-bit words
   * in host byte order (each word's bytes reversed on little-endian hosts) and the port in hex.
   */
  static String endpoint(String text) throws UnknownHostException {
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("no port in " + text);
    }
    byte[] bytes = HexFormat.of().parseHex(text.substring(0, colon));
    if (bytes.length != 4 && bytes.length != 16) {
      throw new IllegalArgumentException("bad address length in " + text);
    }
    if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
      for (int word = 0; word < bytes.length; word += 4) {
        swap(bytes, word, word + 3);
        swap(bytes, word + 1, word + 2);
      }
    }
    int port = Integer.parseInt(text.substring(colon + 1), 16);
    InetAddress address = InetAddress.getByAddress(bytes);
    String host = Cidr.format(address);
    return address instanceof Inet6Address ? "[" + host + "]:" + port : host + ":" + port;
  }

  private static void swap(byte[] bytes, int first, int second) {
    byte kept = bytes[first];
    bytes[first] = bytes[second];
    bytes[second] = kept;
  }
}
