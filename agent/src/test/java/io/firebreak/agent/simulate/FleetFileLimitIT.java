package io.firebreak.agent.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.agent.testing.Eventually;
import io.firebreak.agent.testing.FakeGateway;
import io.firebreak.agent.testing.FakeGateway.AgentStream;
import io.firebreak.agent.testing.NetnsLab;
import io.firebreak.agent.testing.PartitionKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated fleet in its own process (the agent jar, as the benchmark runs it) under a file
 * descriptor limit that fits one socket per host but not also one open journal per host. With a
 * journal file held per host, the hosts started last could never open a socket: their first stream
 * ended UNKNOWN and every reconnect failed the same way, so they never registered.
 */
class FleetFileLimitIT {
  private static final int HOSTS = 300;
  /** Enough for the JVM and a socket per host; not for a socket and a journal per host. */
  private static final int FILE_LIMIT = 450;

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private FakeGateway gateway;
  private Process fleet;
  private Path log;

  @BeforeEach
  void start() throws Exception {
    PartitionKey key = PartitionKey.generate("p1", dir);
    gateway = FakeGateway.start(0, 5_000);
    log = dir.resolve("fleet.log");
    List<String> command =
        new ArrayList<>(List.of("bash", "-c", "ulimit -n " + FILE_LIMIT + " && exec \"$@\"", "-"));
    command.addAll(
        NetnsLab.agentJar(
            List.of(
                "--gateway", gateway.target(),
                "--partition", "p1",
                "--trust", key.file().toString(),
                "--simulate", Integer.toString(HOSTS),
                "--host-id-prefix", "h",
                "--state-dir", dir.resolve("fleet").toString(),
                "--journal-sync", "none")));
    fleet =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  @AfterEach
  void stop() throws Exception {
    NetnsLab.stop(fleet);
    gateway.close();
  }

  @Test
  void fleetAtTheFileLimit_registersEveryHost() throws Exception {
    boolean all = Eventually.holds(() -> liveHosts().size() == HOSTS, TIMEOUT);

    assertThat(all)
        .as("%d of %d hosts registered; fleet log:%n%s", liveHosts().size(), HOSTS, problems())
        .isTrue();
    assertThat(Files.readString(log)).doesNotContain("Unable to create Channel");
  }

  /** Hosts whose latest stream was welcomed and is still open. */
  private List<String> liveHosts() {
    Map<String, AgentStream> latest =
        gateway.streams().stream()
            .collect(
                Collectors.toMap(
                    stream -> stream.hello().getHostId(), Function.identity(), (a, b) -> b));
    return latest.values().stream()
        .filter(stream -> !stream.ended())
        .map(stream -> stream.hello().getHostId())
        .toList();
  }

  /** The first lines of the fleet's log that are not registrations. */
  private String problems() throws Exception {
    return Files.readAllLines(log).stream()
        .filter(line -> !line.contains("registered with gateway"))
        .limit(20)
        .collect(Collectors.joining("\n"));
  }
}
