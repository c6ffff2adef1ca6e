package io.firebreak.agent.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.firebreak.agent.action.ActionContext;
import io.firebreak.agent.action.ActionResult;
import io.firebreak.agent.action.GatewayLink;
import io.firebreak.agent.isolation.Nftables.NftablesException;
import io.firebreak.agent.testing.Commands;
import io.firebreak.proto.agent.v1.Command;
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
import org.mockito.InOrder;

/** The isolate-host decisions with nft faked; the gateway and probe are real loopback sockets. */
class IsolateHostTest {
  private static final String LISTING = "table inet firebreak_isolation { ... }";

  @TempDir Path dir;
  private final Nftables nft = mock(Nftables.class);
  private ServerSocket gateway;
  private ServerSocket service;
  private IOException roundTripFailure;
  private IsolateHost action;

  @BeforeEach
  void setUp() throws Exception {
    gateway = listen();
    service = listen();
    when(nft.tableExists("inet", "firebreak_isolation")).thenReturn(false);
    when(nft.listTable("inet", "firebreak_isolation")).thenReturn(Optional.of(LISTING));
    action = new IsolateHost(new IsolationTable(nft), IsolationSettings.defaults());
  }

  @AfterEach
  void tearDown() throws IOException {
    gateway.close();
    service.close();
  }

  private static ServerSocket listen() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    return socket;
  }

  private ActionContext context() {
    GatewayLink link =
        new GatewayLink() {
          @Override
          public Optional<String> target() {
            return Optional.of("127.0.0.1:" + gateway.getLocalPort());
          }

          @Override
          public Duration roundTrip(Duration timeout) throws IOException {
            if (roundTripFailure != null) {
              throw roundTripFailure;
            }
            return Duration.ofMillis(3);
          }
        };
    return new ActionContext("host-1", "p1", dir, Clock.systemUTC(), link);
  }

  private ActionResult isolate(Map<String, String> parameters) throws Exception {
    Command command =
        Commands.command("host-1", "p1", "isolate-host", System.currentTimeMillis())
            .putAllParameters(parameters)
            .build();
    return action.execute(command, context());
  }

  private IsolationPolicy policy(String... allow) {
    return new IsolationPolicy(
        gateway.getLocalPort(),
        List.of(InetAddress.getLoopbackAddress()),
        List.of(allow).stream().map(Cidr::parse).toList(),
        false,
        false);
  }

  @Test
  void execute_withAWorkingGateway_appliesOneTransactionAndPersistsThePolicy() throws Exception {
    ActionResult result = isolate(Map.of("allow", "192.0.2.0/24", "reason", "EDR alert"));

    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    verify(nft).apply(IsolationRuleset.replace(policy("192.0.2.0/24")));
    assertThat(result.evidence())
        .containsEntry("ruleset", LISTING)
        .containsEntry("isolated", "true")
        .containsEntry("already", "false")
        .containsEntry("allow", "192.0.2.0/24")
        .containsKeys("timing.apply-ms", "timing.selftest-ms", "timing.total-ms");
    assertThat(result.evidence().get("selftest.gateway"))
        .contains("heartbeat round trip on the live stream in 3 ms", "reachable in");
    IsolationState state = IsolationState.read(dir).orElseThrow();
    assertThat(state.isolated()).isTrue();
    assertThat(state.allow()).containsExactly("192.0.2.0/24");
  }

  @Test
  void execute_whenTheHeartbeatRoundTripFails_removesTheIsolationAndRollsBack() throws Exception {
    roundTripFailure =
        new IOException("no heartbeat acknowledgement from the gateway within 2000 ms");

    ActionResult result = isolate(Map.of());

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_ROLLED_BACK);
    assertThat(result.detail())
        .startsWith("the gateway is not reachable through the isolation")
        .contains("no heartbeat acknowledgement")
        .endsWith("the isolation was removed");
    InOrder order = inOrder(nft);
    order.verify(nft).apply(IsolationRuleset.replace(policy()));
    order.verify(nft).apply(IsolationRuleset.remove());
    assertThat(result.evidence())
        .containsEntry("isolated", "false")
        .containsKey("timing.rollback-ms");
    assertThat(IsolationState.read(dir)).isEmpty();
  }

  @Test
  void execute_whenNoNewConnectionToTheGatewaySucceeds_rollsBack() throws Exception {
    gateway.close();

    ActionResult result = isolate(Map.of());

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_ROLLED_BACK);
    assertThat(result.detail()).contains("new connection").contains("unreachable");
    verify(nft).apply(IsolationRuleset.remove());
  }

  @Test
  void execute_whenTheProbeIsStillReachable_rollsBackAsNotEffective() throws Exception {
    String probe = "127.0.0.1:" + service.getLocalPort();

    ActionResult result = isolate(Map.of("probe", probe));

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_ROLLED_BACK);
    assertThat(result.detail())
        .startsWith("isolation is not effective: " + probe + " is still reachable");
    verify(nft).apply(IsolationRuleset.remove());
  }

  @Test
  void execute_whenTheProbeIsBlocked_succeedsAndSaysSo() throws Exception {
    int closedPort = service.getLocalPort();
    service.close();

    ActionResult result = isolate(Map.of("probe", "127.0.0.1:" + closedPort));

    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(result.detail()).endsWith("probe blocked");
    assertThat(result.evidence().get("selftest.probe")).contains("is unreachable");
  }

  @Test
  void execute_whenAlreadyIsolatedAndTheNewPolicyFails_restoresThePreviousIsolation()
      throws Exception {
    IsolationPolicy previous = policy("198.51.100.0/24");
    IsolationState.isolated(
            previous, HostPort.parse("127.0.0.1:" + gateway.getLocalPort()), "c-0", 1)
        .write(dir);
    when(nft.tableExists("inet", "firebreak_isolation")).thenReturn(true);
    roundTripFailure = new IOException("the stream to the gateway ended (UNAVAILABLE)");

    ActionResult result = isolate(Map.of("allow", "192.0.2.0/24"));

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_ROLLED_BACK);
    assertThat(result.detail()).endsWith("the previous isolation was restored");
    InOrder order = inOrder(nft);
    order.verify(nft).apply(IsolationRuleset.replace(policy("192.0.2.0/24")));
    order.verify(nft).apply(IsolationRuleset.replace(previous));
    verify(nft, never()).apply(IsolationRuleset.remove());
    assertThat(IsolationState.read(dir).orElseThrow().allow()).containsExactly("198.51.100.0/24");
  }

  @Test
  void execute_whenNftRejectsTheRuleset_failsAndSaysTheHostIsNotIsolated() throws Exception {
    doThrow(new NftablesException("nft -f - failed (exit 1): Error: Operation not permitted", null))
        .when(nft)
        .apply(anyString());

    ActionResult result = isolate(Map.of());

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(result.detail())
        .isEqualTo(
            "nft rejected the isolation ruleset (the host is not isolated): nft -f - failed "
                + "(exit 1): Error: Operation not permitted");
  }

  @Test
  void execute_withAMalformedParameter_failsWithoutTouchingTheFirewall() throws Exception {
    ActionResult result = isolate(Map.of("allow", "intranet"));

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(result.detail()).startsWith("isolation not applied: parameter allow: 'intranet'");
    verifyNoInteractions(nft);
  }

  @Test
  void execute_withoutAGateway_refusesToIsolate() throws Exception {
    Command command =
        Commands.command("host-1", "p1", "isolate-host", System.currentTimeMillis()).build();

    ActionResult result =
        action.execute(command, new ActionContext("host-1", "p1", dir, Clock.systemUTC()));

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(result.detail()).contains("the agent has no gateway");
    verifyNoInteractions(nft);
  }

  @Test
  void recover_whenIsolatedButTheTableIsMissing_reappliesTheIsolation() throws Exception {
    IsolationPolicy isolated = policy("192.0.2.0/24");
    IsolationState.isolated(
            isolated, HostPort.parse("127.0.0.1:" + gateway.getLocalPort()), "c-1", 1)
        .write(dir);

    action.recover(context());

    verify(nft).apply(IsolationRuleset.replace(isolated));
  }

  @Test
  void recover_withATableTheStateDoesNotConfirm_removesIt() throws Exception {
    IsolationState.released("c-2", 1).write(dir);
    when(nft.tableExists("inet", "firebreak_isolation")).thenReturn(true);

    action.recover(context());

    verify(nft).apply(IsolationRuleset.remove());
  }

  @Test
  void recover_withNoStateAndNoTable_changesNothing() throws Exception {
    action.recover(context());

    verify(nft, never()).apply(anyString());
  }
}
