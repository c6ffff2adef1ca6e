package io.firebreak.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.agent.testing.Eventually;
import io.firebreak.agent.testing.FakeGateway;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.Hello;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayRoundTripIT {
  private FakeGateway gateway;
  private AgentResources resources;
  private GatewayConnection connection;

  @BeforeEach
  void start() throws Exception {
    // Periodic heartbeats far apart, so only the round trip's own heartbeat is in flight.
    gateway = FakeGateway.start(0, 60_000);
    resources = AgentResources.create(1, 1);
    connection =
        new GatewayConnection(
            gateway.target(),
            Hello.newBuilder().setHostId("web-1").setPartition("p1").build(),
            envelope -> CommandResult.getDefaultInstance(),
            resources.plaintextChannels(),
            resources,
            Backoff.DEFAULT_POLICY,
            ConnectionListener.NONE);
  }

  @AfterEach
  void stop() throws Exception {
    connection.beginClose();
    connection.awaitClosed(Instant.now().plusSeconds(2));
    resources.close();
    gateway.close();
  }

  @Test
  void roundTrip_isCompletedByTheGatewaysAcknowledgement() throws Exception {
    connection.start();
    assertThat(Eventually.holds(connection::connected, Duration.ofSeconds(10))).isTrue();

    Duration roundTrip = connection.roundTrip(Duration.ofSeconds(2));

    assertThat(roundTrip).isLessThan(Duration.ofSeconds(2));
    assertThat(gateway.latest("web-1").heartbeats()).isEqualTo(1);
  }

  @Test
  void roundTrip_whenTheGatewayStopsAcknowledging_failsAfterTheTimeout() throws Exception {
    connection.start();
    assertThat(Eventually.holds(connection::connected, Duration.ofSeconds(10))).isTrue();
    gateway.stopAnsweringHeartbeats();

    assertThatThrownBy(() -> connection.roundTrip(Duration.ofMillis(300)))
        .isInstanceOf(IOException.class)
        .hasMessage("no heartbeat acknowledgement from the gateway within 300 ms");
    assertThat(gateway.latest("web-1").heartbeats()).isEqualTo(1);
  }

  @Test
  void roundTrip_withoutALiveStream_failsAtOnce() {
    assertThatThrownBy(() -> connection.roundTrip(Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class)
        .hasMessage("no live stream to gateway " + gateway.target());
  }
}
