package io.firebreak.agent.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.firebreak.agent.action.ActionContext;
import io.firebreak.agent.action.ActionResult;
import io.firebreak.agent.action.GatewayLink;
import io.firebreak.agent.isolation.Nftables.NftablesException;
import io.firebreak.agent.testing.Commands;
import io.firebreak.proto.agent.v1.Outcome;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The release-host decisions with nft faked; the gateway and probe are real loopback sockets. */
class ReleaseHostTest {
  @TempDir Path dir;
  private final Nftables nft = mock(Nftables.class);
  private ServerSocket gateway;
  private ReleaseHost action;

  @BeforeEach
  void setUp() throws Exception {
    gateway = new ServerSocket();
    gateway.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    action = new ReleaseHost(new IsolationTable(nft), IsolationSettings.defaults());
    IsolationState.isolated(
            new IsolationPolicy(
                gateway.getLocalPort(),
                List.of(InetAddress.getLoopbackAddress()),
                List.of(),
                false,
                false),
            HostPort.parse("127.0.0.1:" + gateway.getLocalPort()),
            "c-1",
            1)
        .write(dir);
  }

  @AfterEach
  void tearDown() throws IOException {
    gateway.close();
  }

  private ActionResult release(Map<String, String> parameters) throws Exception {
    GatewayLink link =
        new GatewayLink() {
          @Override
          public Optional<String> target() {
            return Optional.of("127.0.0.1:" + gateway.getLocalPort());
          }

          @Override
          public Duration roundTrip(Duration timeout) {
            return Duration.ofMillis(2);
          }
        };
    return action.execute(
        Commands.command("host-1", "p1", "release-host", System.currentTimeMillis())
            .putAllParameters(parameters)
            .build(),
        new ActionContext("host-1", "p1", dir, Clock.systemUTC(), link));
  }

  @Test
  void execute_deletesTheTableAndRecordsTheHostAsReleased() throws Exception {
    when(nft.tableExists("inet", "firebreak_isolation")).thenReturn(true);

    ActionResult result = release(Map.of("reason", "incident closed"));

    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(result.detail()).isEqualTo("host released; connectivity verified");
    verify(nft).apply(IsolationRuleset.remove());
    assertThat(IsolationState.read(dir).orElseThrow().isolated()).isFalse();
  }

  @Test
  void execute_onAReleasedHost_succeedsAndSaysSo() throws Exception {
    ActionResult result = release(Map.of());

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(result.detail()).isEqualTo("host was not isolated");
    assertThat(result.evidence()).containsEntry("already", "true");
  }

  @Test
  void execute_whenTheProbeStaysUnreachable_failsWithTheTableRemoved() throws Exception {
    ServerSocket closed = new ServerSocket(0);
    int port = closed.getLocalPort();
    closed.close();

    ActionResult result = release(Map.of("probe", "127.0.0.1:" + port));

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(result.detail())
        .startsWith(
            "isolation removed, but the connectivity check failed: 127.0.0.1:"
                + port
                + " is unreachable");
  }

  @Test
  void execute_whenNftCannotDeleteTheTable_keepsTheIsolatedState() throws Exception {
    when(nft.tableExists("inet", "firebreak_isolation")).thenReturn(true);
    doThrow(new NftablesException("nft -f - failed (exit 1): Error: busy", null))
        .when(nft)
        .apply(anyString());

    ActionResult result = release(Map.of());

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(result.detail()).contains("could not delete the isolation table", "busy");
    assertThat(IsolationState.read(dir).orElseThrow().isolated()).isTrue();
  }
}
