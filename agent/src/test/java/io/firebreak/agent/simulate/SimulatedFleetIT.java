package io.firebreak.agent.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.agent.connection.Backoff;
import io.firebreak.agent.testing.Commands;
import io.firebreak.agent.testing.Eventually;
import io.firebreak.agent.testing.FakeGateway;
import io.firebreak.agent.testing.FakeGateway.AgentStream;
import io.firebreak.agent.testing.PartitionKey;
import io.firebreak.proto.agent.v1.Command;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.Hello;
import io.firebreak.proto.agent.v1.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatedFleetIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final int HOSTS = 20;

  @TempDir Path dir;
  private Map<String, PartitionKey> keys;
  private FakeGateway gateway;
  private SimulatedFleet fleet;

  @BeforeEach
  void start() throws Exception {
    keys = Map.of("p1", PartitionKey.generate("p1", dir), "p2", PartitionKey.generate("p2", dir));
    gateway = FakeGateway.start(0, 1_000);
    fleet =
        SimulatedFleet.start(
            FleetOptions.builder()
                .gateway(gateway.target())
                .hosts(HOSTS)
                .hostIdPrefix("sim")
                .partitions(List.of("p1", "p2"))
                .labels(Map.of("env", "demo"))
                .labelsForHost(number -> Map.of("role", number % 2 == 1 ? "web" : "db"))
                .trustFile(keys.get("p1").file())
                .trustedKey(keys.get("p2").trusted())
                .stateDirectory(dir.resolve("fleet"))
                .backoff(new Backoff.Policy(Duration.ofMillis(50), Duration.ofMillis(300)))
                .build());
  }

  @AfterEach
  void stop() throws Exception {
    fleet.close();
    gateway.close();
  }

  private CommandResult isolate(String hostId) throws InterruptedException {
    Hello hello = gateway.latest(hostId).hello();
    Command command =
        Commands.command(hostId, hello.getPartition(), "isolate-host", System.currentTimeMillis())
            .build();
    return execute(hostId, command);
  }

  private CommandResult execute(String hostId, Command command) throws InterruptedException {
    AgentStream stream = gateway.latest(hostId);
    return stream.execute(
        keys.get(command.getPartition()).sign(command), command.getCommandId(), TIMEOUT);
  }

  @Test
  void start_opensOneConnectionPerHost() throws Exception {
    assertThat(fleet.awaitConnected(HOSTS, TIMEOUT)).isTrue();
    List<AgentStream> streams = gateway.streams();

    assertThat(streams).hasSize(HOSTS);
    assertThat(streams.stream().map(AgentStream::remoteAddress).distinct()).hasSize(HOSTS);
    assertThat(streams.stream().map(stream -> stream.hello().getHostId()))
        .containsExactlyInAnyOrderElementsOf(fleet.hosts().keySet());
    assertThat(fleet.hosts().keySet()).startsWith("sim-0001", "sim-0002");
  }

  @Test
  void start_spreadsHostsOverPartitionsAndLabelsThem() throws Exception {
    assertThat(fleet.awaitConnected(HOSTS, TIMEOUT)).isTrue();

    Hello first = gateway.latest("sim-0001").hello();
    Hello second = gateway.latest("sim-0002").hello();
    assertThat(first.getPartition()).isEqualTo("p1");
    assertThat(second.getPartition()).isEqualTo("p2");
    assertThat(first.getLabelsMap()).isEqualTo(Map.of("env", "demo", "role", "web"));
    assertThat(second.getLabelsMap()).isEqualTo(Map.of("env", "demo", "role", "db"));
    assertThat(first.getSimulated()).isTrue();
    Map<String, Long> perPartition =
        gateway.streams().stream()
            .collect(
                Collectors.groupingBy(
                    stream -> stream.hello().getPartition(), Collectors.counting()));
    assertThat(perPartition).isEqualTo(Map.of("p1", 10L, "p2", 10L));
  }

  @Test
  void commands_executeExactlyOncePerHost() throws Exception {
    assertThat(fleet.awaitConnected(HOSTS, TIMEOUT)).isTrue();

    for (String hostId : fleet.hosts().keySet()) {
      CommandResult result = isolate(hostId);
      assertThat(result.getOutcome()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
      assertThat(result.getHostId()).isEqualTo(hostId);
    }
    String someHost = "sim-0007";
    Command command =
        Commands.command(someHost, "p1", "kill-process", System.currentTimeMillis())
            .putParameters("pid", "4242")
            .build();
    execute(someHost, command);
    CommandResult retry = execute(someHost, Commands.retry(command));

    assertThat(retry.getDuplicate()).isTrue();
    assertThat(fleet.totalExecutions("isolate-host")).isEqualTo(HOSTS);
    assertThat(fleet.totalExecutions("kill-process")).isEqualTo(1);
    assertThat(fleet.hosts().values()).allMatch(SimulatedHostState::isolated);
    assertThat(fleet.host(someHost).killedProcesses()).containsExactly("4242");
    assertThat(Files.exists(dir.resolve("fleet").resolve(someHost).resolve("journal.bin")))
        .isTrue();
  }

  @Test
  void disconnect_takesOneHostOfflineUntilReconnect() throws Exception {
    assertThat(fleet.awaitConnected(HOSTS, TIMEOUT)).isTrue();
    AgentStream before = gateway.latest("sim-0003");

    fleet.disconnect("sim-0003");

    assertThat(fleet.connectedCount()).isEqualTo(HOSTS - 1);
    assertThat(Eventually.holds(before::ended, TIMEOUT)).isTrue();

    fleet.reconnect("sim-0003");

    assertThat(fleet.awaitConnected(HOSTS, TIMEOUT)).isTrue();
    assertThat(gateway.latest("sim-0003")).isNotSameAs(before);
    assertThat(isolate("sim-0003").getOutcome()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
  }

  @Test
  void start_refusesAStateDirectoryInUseByAnotherFleet() throws Exception {
    FleetOptions second =
        FleetOptions.builder()
            .gateway(gateway.target())
            .hosts(1)
            .hostIdPrefix("sim")
            .partitions(List.of("p1"))
            .trustFile(keys.get("p1").file())
            .stateDirectory(dir.resolve("fleet"))
            .build();

    assertThatThrownBy(() -> SimulatedFleet.start(second))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("in use by another fleet");
  }
}
