package io.firebreak.agent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A local TCP forwarder, as an egress proxy or tunnel on a host would be: listens on {@code
 * 127.0.0.1:LOCAL_PORT} and relays each connection to {@code TARGET_HOST:TARGET_PORT}. Arguments:
 * local port, target host, target port. Prints {@code READY} once listening.
 */
public final class TcpForwarderMain {
  private TcpForwarderMain() {}

  public static void main(String[] args) throws Exception {
    int localPort = Integer.parseInt(args[0]);
    InetSocketAddress target = new InetSocketAddress(args[1], Integer.parseInt(args[2]));
    try (ServerSocket server = new ServerSocket()) {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), localPort));
      System.out.println("READY");
      System.out.flush();
      while (true) {
        Socket client = server.accept();
        Socket upstream = new Socket();
        try {
          upstream.connect(target, 5_000);
        } catch (IOException e) {
          client.close();
          upstream.close();
          continue;
        }
        pump(client, upstream);
        pump(upstream, client);
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    Thread copier =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, read);
                  out.flush();
                }
              } catch (IOException e) {
                // One side closed; closing both ends the relay.
              } finally {
                try {
                  from.close();
                  to.close();
                } catch (IOException ignored) {
                  // Already closed.
                }
              }
            },
            "forward");
    copier.setDaemon(true);
    copier.start();
  }
}
