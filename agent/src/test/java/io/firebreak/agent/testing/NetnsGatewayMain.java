package io.firebreak.agent.testing;

import io.firebreak.proto.agent.v1.Command;
import io.firebreak.proto.agent.v1.CommandEnvelope;
import io.firebreak.proto.agent.v1.CommandResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * A {@link FakeGateway} in its own process, so it can run inside a test network namespace (a
 * namespace belongs to a process). Driven by {@link GatewayProcess} through lines on stdin, each
 * answered by one {@code RESPONSE ...} line on stdout:
 *
 * <ul>
 *   <li>{@code AWAIT host count timeoutMs}: waits until {@code host} has opened at least {@code
 *       count} streams; answers {@code RESPONSE STREAMS n};
 *   <li>{@code EXECUTE timeoutMs base64-envelope}: sends the envelope to its host's latest stream
 *       and answers {@code RESPONSE RESULT base64-result}, or {@code RESPONSE NORESULT} on timeout.
 * </ul>
 *
 * Arguments: port and heartbeat interval in ms. Prints {@code READY port} once listening on every
 * interface (IPv4 and IPv6).
 */
public final class NetnsGatewayMain {
  private NetnsGatewayMain() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    long heartbeatMs = Long.parseLong(args[1]);
    try (FakeGateway gateway = FakeGateway.start(new InetSocketAddress(port), heartbeatMs)) {
      System.out.println("READY " + gateway.port());
      System.out.flush();
      BufferedReader input =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = input.readLine()) != null) {
        System.out.println("RESPONSE " + answer(gateway, line.trim().split(" ")));
        System.out.flush();
      }
    }
  }

  private static String answer(FakeGateway gateway, String[] request) throws Exception {
    switch (request[0]) {
      case "AWAIT" -> {
        String host = request[1];
        int count = Integer.parseInt(request[2]);
        Eventually.holds(
            () -> streams(gateway, host) >= count, Duration.ofMillis(Long.parseLong(request[3])));
        return "STREAMS " + streams(gateway, host);
      }
      case "EXECUTE" -> {
        Duration timeout = Duration.ofMillis(Long.parseLong(request[1]));
        CommandEnvelope envelope =
            CommandEnvelope.parseFrom(Base64.getDecoder().decode(request[2]));
        Command command = Command.parseFrom(envelope.getCommand());
        try {
          CommandResult result =
              gateway
                  .latest(command.getHostId())
                  .execute(envelope, command.getCommandId(), timeout);
          return "RESULT " + Base64.getEncoder().encodeToString(result.toByteArray());
        } catch (AssertionError noResult) {
          return "NORESULT";
        }
      }
      default -> {
        return "ERROR unknown request " + request[0];
      }
    }
  }

  private static long streams(FakeGateway gateway, String host) {
    return gateway.streams().stream()
        .filter(stream -> stream.hello().getHostId().equals(host))
        .count();
  }
}
