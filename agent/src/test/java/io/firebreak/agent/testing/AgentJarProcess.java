package io.firebreak.agent.testing;

import io.firebreak.proto.agent.v1.Command;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.Hello;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The packaged agent jar as a real process on this host (no network namespace), started with the
 * given flags and dialing an in-process {@link FakeGateway} on loopback; commands are signed with a
 * real partition key. Its output goes to a log file for a failed run to be read.
 */
public final class AgentJarProcess implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(60);

  private final String hostId;
  private final PartitionKey key;
  private final FakeGateway gateway;
  private final Process process;
  private final Path stateDirectory;
  private final Path log;

  private AgentJarProcess(
      String hostId,
      PartitionKey key,
      FakeGateway gateway,
      Process process,
      Path stateDirectory,
      Path log) {
    this.hostId = hostId;
    this.key = key;
    this.gateway = gateway;
    this.process = process;
    this.stateDirectory = stateDirectory;
    this.log = log;
  }

  /**
   * Starts the agent jar as host {@code hostId} of partition p1 with {@code flags} on top of the
   * required ones, and waits until it has registered with the gateway.
   *
   * @param dir where the key file and the state directory go
   * @param log the file the agent's output goes to
   */
  public static AgentJarProcess start(String hostId, Path dir, Path log, List<String> flags)
      throws Exception {
    PartitionKey key = PartitionKey.generate("p1", dir);
    FakeGateway gateway = FakeGateway.start(0, 1_000);
    Path state = dir.resolve("state-" + hostId);
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--gateway",
                gateway.target(),
                "--partition",
                "p1",
                "--trust",
                key.file().toString(),
                "--host-id",
                hostId,
                "--state-dir",
                state.toString()));
    arguments.addAll(flags);
    Files.createDirectories(log.getParent());
    Process process =
        new ProcessBuilder(NetnsLab.agentJar(arguments))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    AgentJarProcess agent = new AgentJarProcess(hostId, key, gateway, process, state, log);
    if (!gateway.awaitStreams(1, STARTUP)) {
      agent.close();
      throw new IllegalStateException(
          "the agent did not register within "
              + STARTUP
              + "; its output:\n"
              + Files.readString(log));
    }
    return agent;
  }

  /** The Hello of the agent's latest stream (its capabilities). */
  public Hello hello() {
    return gateway.latest(hostId).hello();
  }

  /** The agent's state directory. */
  public Path stateDirectory() {
    return stateDirectory;
  }

  /** The agent process's pid. */
  public long pid() {
    return process.pid();
  }

  /** Signs and sends {@code action} with {@code parameters}, and waits for the result. */
  public CommandResult execute(String action, Map<String, String> parameters, Duration timeout)
      throws InterruptedException {
    Command command =
        Commands.command(hostId, "p1", action, System.currentTimeMillis())
            .putAllParameters(parameters)
            .build();
    return gateway.latest(hostId).execute(key.sign(command), command.getCommandId(), timeout);
  }

  /** The agent's output so far. */
  public String output() throws java.io.IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws Exception {
    NetnsLab.stop(process);
    gateway.close();
  }
}
