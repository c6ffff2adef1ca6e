package io.firebreak.agent.testing;

import io.firebreak.proto.agent.v1.CommandEnvelope;
import io.firebreak.proto.agent.v1.CommandResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Drives a {@link NetnsGatewayMain} process through its stdin and stdout. */
public final class GatewayProcess {
  private final Process process;
  private final Writer requests;
  private final BlockingQueue<String> responses = new LinkedBlockingQueue<>();

  /** Wraps {@code process} and waits up to {@code startup} for it to listen. */
  public GatewayProcess(Process process, Duration startup) throws Exception {
    this.process = process;
    this.requests = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  responses.add(line);
                }
              } catch (IOException e) {
                responses.add("CLOSED " + e.getMessage());
              }
            },
            "gateway-process-reader");
    reader.setDaemon(true);
    reader.start();
    String ready = next(startup);
    if (!ready.startsWith("READY ")) {
      throw new IllegalStateException("gateway process did not start: " + ready);
    }
  }

  /** Waits until {@code hostId} has opened at least {@code count} streams; returns how many. */
  public int awaitStreams(String hostId, int count, Duration timeout) throws Exception {
    String response = request("AWAIT " + hostId + " " + count + " " + timeout.toMillis(), timeout);
    return Integer.parseInt(response.substring("RESPONSE STREAMS ".length()));
  }

  /** Sends {@code envelope} to its host's latest stream; empty if no result came in time. */
  public Optional<CommandResult> execute(CommandEnvelope envelope, Duration timeout)
      throws Exception {
    String response =
        request(
            "EXECUTE "
                + timeout.toMillis()
                + " "
                + Base64.getEncoder().encodeToString(envelope.toByteArray()),
            timeout);
    if (response.equals("RESPONSE NORESULT")) {
      return Optional.empty();
    }
    return Optional.of(
        CommandResult.parseFrom(
            Base64.getDecoder().decode(response.substring("RESPONSE RESULT ".length()))));
  }

  private synchronized String request(String line, Duration timeout) throws Exception {
    requests.write(line + "\n");
    requests.flush();
    String response = next(timeout.plusSeconds(5));
    if (!response.startsWith("RESPONSE ")) {
      throw new IllegalStateException("unexpected answer from the gateway process: " + response);
    }
    return response;
  }

  private String next(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = responses.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new IllegalStateException(
            "no answer from the gateway process within "
                + timeout.toMillis()
                + " ms (alive: "
                + process.isAlive()
                + ")");
      }
      if (line.startsWith("READY ") || line.startsWith("RESPONSE ") || line.startsWith("CLOSED")) {
        return line;
      }
    }
  }
}
