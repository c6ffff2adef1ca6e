package io.firebreak.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.agent.connection.Backoff;
import io.firebreak.agent.simulate.SimulatedActions;
import io.firebreak.agent.simulate.SimulatedHostState;
import io.firebreak.agent.testing.Commands;
import io.firebreak.agent.testing.Eventually;
import io.firebreak.agent.testing.FakeGateway;
import io.firebreak.agent.testing.FakeGateway.AgentStream;
import io.firebreak.agent.testing.PartitionKey;
import io.firebreak.agent.trust.TrustStore;
import io.firebreak.proto.agent.v1.Command;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.Hello;
import io.firebreak.proto.agent.v1.Outcome;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConnectionIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Backoff.Policy FAST =
      new Backoff.Policy(Duration.ofMillis(50), Duration.ofMillis(300));

  @TempDir Path dir;
  private PartitionKey p1;
  private FakeGateway gateway;
  private SimulatedHostState state;
  private Agent agent;

  @BeforeEach
  void start() throws Exception {
    p1 = PartitionKey.generate("p1", dir);
    gateway = FakeGateway.start(0, 200);
    state = new SimulatedHostState("web-3");
    agent =
        Agent.builder()
            .gateway(gateway.target())
            .hostId("web-3")
            .partition("p1")
            .labels(Map.of("role", "web", "env", "prod"))
            .trust(TrustStore.of(List.of(p1.trusted())))
            .simulated(state, Duration.ZERO)
            .stateDirectory(dir.resolve("state"))
            .backoff(FAST)
            .build();
    agent.start();
  }

  @AfterEach
  void stop() throws Exception {
    agent.close();
    gateway.close();
  }

  private CommandResult execute(AgentStream stream, Command command) throws InterruptedException {
    return stream.execute(p1.sign(command), command.getCommandId(), TIMEOUT);
  }

  private Command isolate() {
    return Commands.command("web-3", "p1", "isolate-host", System.currentTimeMillis()).build();
  }

  @Test
  void start_registersWithTheRightHello() throws Exception {
    assertThat(agent.awaitConnected(TIMEOUT)).isTrue();
    Hello hello = gateway.latest("web-3").hello();

    assertThat(hello.getHostId()).isEqualTo("web-3");
    assertThat(hello.getPartition()).isEqualTo("p1");
    assertThat(hello.getLabelsMap()).isEqualTo(Map.of("role", "web", "env", "prod"));
    assertThat(hello.getCapabilitiesList()).containsExactlyElementsOf(SimulatedActions.TYPES);
    assertThat(hello.getTrustedKeyIdsList()).containsExactly(p1.keyId());
    assertThat(hello.getAgentVersion()).isNotBlank();
    assertThat(hello.getSimulated()).isTrue();
  }

  @Test
  void start_answersEveryCommandOnceWithItsHostId() throws Exception {
    assertThat(gateway.awaitStreams(1, TIMEOUT)).isTrue();
    AgentStream stream = gateway.latest("web-3");
    Command command = isolate();

    CommandResult first = execute(stream, command);
    CommandResult retry = execute(stream, Commands.retry(command));

    assertThat(first.getOutcome()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(first.getHostId()).isEqualTo("web-3");
    assertThat(retry.getDuplicate()).isTrue();
    assertThat(state.executions(command.getCommandId())).isEqualTo(1);
  }

  @Test
  void start_heartbeatsAtTheWelcomeInterval() throws Exception {
    assertThat(gateway.awaitStreams(1, TIMEOUT)).isTrue();
    AgentStream stream = gateway.latest("web-3");

    assertThat(Eventually.holds(() -> stream.heartbeats() >= 3, Duration.ofSeconds(3))).isTrue();
    assertThat(stream.ended()).isFalse();
  }

  @Test
  void gatewayRestart_agentReconnectsAndRegistersAgain() throws Exception {
    assertThat(agent.awaitConnected(TIMEOUT)).isTrue();
    int port = gateway.port();
    gateway.close();
    assertThat(Eventually.holds(() -> !agent.connected(), TIMEOUT)).isTrue();

    gateway = FakeGateway.start(port, 200);

    assertThat(gateway.awaitStreams(1, TIMEOUT)).isTrue();
    assertThat(agent.awaitConnected(TIMEOUT)).isTrue();
    assertThat(gateway.latest("web-3").hello().getPartition()).isEqualTo("p1");
    Command command = isolate();
    assertThat(execute(gateway.latest("web-3"), command).getOutcome())
        .isEqualTo(Outcome.OUTCOME_SUCCEEDED);
  }

  @Test
  void silentGateway_agentDropsTheHalfOpenStreamAndReconnects() throws Exception {
    assertThat(gateway.awaitStreams(1, TIMEOUT)).isTrue();
    AgentStream first = gateway.latest("web-3");

    gateway.stopAnsweringHeartbeats();

    assertThat(Eventually.holds(first::ended, TIMEOUT)).isTrue();
    assertThat(first.heartbeats()).isGreaterThanOrEqualTo(2);
    assertThat(gateway.awaitStreams(2, TIMEOUT)).isTrue();
  }

  @Test
  void disconnect_dropsTheStreamUntilReconnect() throws Exception {
    assertThat(agent.awaitConnected(TIMEOUT)).isTrue();
    AgentStream first = gateway.latest("web-3");

    agent.disconnect();

    assertThat(Eventually.holds(first::ended, TIMEOUT)).isTrue();
    assertThat(agent.connected()).isFalse();
    // Absence of a reconnect can only be observed by waiting; several backoff periods pass here.
    Thread.sleep(1_000);
    assertThat(gateway.streams()).hasSize(1);

    agent.reconnect();

    assertThat(gateway.awaitStreams(2, TIMEOUT)).isTrue();
    assertThat(agent.awaitConnected(TIMEOUT)).isTrue();
  }

  @Test
  void close_endsTheStreamCleanly() throws Exception {
    assertThat(agent.awaitConnected(TIMEOUT)).isTrue();
    AgentStream stream = gateway.latest("web-3");

    agent.close();

    assertThat(Eventually.holds(stream::ended, TIMEOUT)).isTrue();
    Thread.sleep(300);
    assertThat(gateway.streams()).hasSize(1);
  }
}
