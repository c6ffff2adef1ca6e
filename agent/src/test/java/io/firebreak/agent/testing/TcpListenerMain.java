package io.firebreak.agent.testing;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP service for reachability tests: accepts every connection on the given port (every
 * interface, IPv4 and IPv6) and closes it at once. Prints {@code READY} once listening.
 */
public final class TcpListenerMain {
  private TcpListenerMain() {}

  public static void main(String[] args) throws Exception {
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(Integer.parseInt(args[0])));
      System.out.println("READY");
      System.out.flush();
      while (true) {
        try (Socket accepted = server.accept()) {
          accepted.getOutputStream().write('\n');
        }
      }
    }
  }
}
