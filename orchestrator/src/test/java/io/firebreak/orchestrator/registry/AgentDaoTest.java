package io.firebreak.orchestrator.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.orchestrator.gateway.AgentRegistration;
import io.firebreak.orchestrator.gateway.AgentRegistry;
import io.firebreak.orchestrator.gateway.TargetHost;
import io.firebreak.orchestrator.storage.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentDaoTest {
  @TempDir Path dir;
  AgentDao agents;

  @BeforeEach
  void setUp() {
    agents = new AgentDao(TestDatabase.create(dir));
  }

  @Test
  void connected_registersAndUpdatesOnReconnect() {
    agents.connected(registration("web-1", "blue", "gw-a", Map.of("role", "web")));
    agents.connected(registration("web-1", "blue", "gw-b", Map.of("role", "api")));

    List<AgentRecord> all = agents.list(List.of());
    assertThat(all).hasSize(1);
    assertThat(all.get(0).gatewayId()).isEqualTo("gw-b");
    assertThat(all.get(0).labels()).containsExactly(Map.entry("role", "api"));
    assertThat(all.get(0).capabilities()).containsExactly("isolate-host", "release-host");
    assertThat(all.get(0).connected()).isTrue();
  }

  @Test
  void disconnected_fromAnotherGateway_doesNotUnregisterTheNewStream() {
    agents.connected(registration("web-1", "blue", "gw-b", Map.of()));

    agents.disconnected("web-1", "gw-a"); // the old gateway noticing late

    assertThat(agents.find(List.of("web-1")).get(0).connected()).isTrue();
    agents.disconnected("web-1", "gw-b");
    AgentRecord gone = agents.find(List.of("web-1")).get(0);
    assertThat(gone.connected()).isFalse();
    assertThat(gone.gatewayId()).isNull();
  }

  @Test
  void olderConnectionThroughAnotherGateway_recordedLate_leavesTheHostWhereItIs() {
    agents.connected(at("web-1", "gw-b", 1_700_000_060_000L));

    // gw-a's registry thread was behind: the host's earlier stream there, then its end.
    agents.applyAll(List.of(new AgentRegistry.Connected(at("web-1", "gw-a", 1_700_000_000_000L)),
        new AgentRegistry.Disconnected("web-1", "gw-a")));

    AgentRecord web1 = agents.find(List.of("web-1")).get(0);
    assertThat(web1.connected()).isTrue();
    assertThat(web1.gatewayId()).isEqualTo("gw-b");
    assertThat(web1.lastSeenAt()).isEqualTo(java.time.Instant.ofEpochMilli(1_700_000_060_000L));

    // A newer connection through gw-a, or any through the same gateway, is recorded.
    agents.connected(at("web-1", "gw-a", 1_700_000_120_000L));
    assertThat(agents.find(List.of("web-1")).get(0).gatewayId()).isEqualTo("gw-a");
    agents.connected(at("web-1", "gw-a", 1_700_000_090_000L));
    assertThat(agents.find(List.of("web-1")).get(0).lastSeenAt())
        .isEqualTo(java.time.Instant.ofEpochMilli(1_700_000_090_000L));
    // Once the host is gone, an old connection is recorded as it comes (the gateway's own
    // disconnection follows it in order).
    agents.disconnected("web-1", "gw-a");
    agents.connected(at("web-1", "gw-c", 1_700_000_030_000L));
    assertThat(agents.find(List.of("web-1")).get(0).gatewayId()).isEqualTo("gw-c");
  }

  @Test
  void targetsAndCount_coverEveryRegisteredHost_theDisconnectedWithoutAGateway() {
    agents.connected(registration("b-2", "green", "gw-1", Map.of()));
    agents.connected(registration("a-1", "blue", "gw-1", Map.of()));
    agents.connected(registration("a-0", "blue", "gw-2", Map.of()));
    agents.disconnected("a-1", "gw-1");

    assertThat(agents.targets(List.of("blue"))).containsExactly(
        new TargetHost("a-0", "blue", "gw-2"), new TargetHost("a-1", "blue", null));
    assertThat(agents.targets(List.of())).extracting(TargetHost::hostId).containsExactly("a-0", "a-1", "b-2");
    assertThat(agents.count("blue")).isEqualTo(2);
    assertThat(agents.count("red")).isZero();
  }

  @Test
  void list_filtersByPartitionInStableOrder() {
    agents.connected(registration("b-2", "green", "gw", Map.of()));
    agents.connected(registration("a-1", "blue", "gw", Map.of()));
    agents.connected(registration("a-0", "blue", "gw", Map.of()));

    assertThat(agents.list(List.of("blue"))).extracting(AgentRecord::hostId).containsExactly("a-0", "a-1");
    assertThat(agents.list(List.of())).extracting(AgentRecord::hostId).containsExactly("a-0", "a-1", "b-2");
    assertThat(agents.countConnected("gw")).isEqualTo(3);
    assertThat(agents.disconnectAll("gw")).isEqualTo(3);
    assertThat(agents.countConnected("gw")).isZero();
  }

  @Test
  void applyAll_appliesARunOfUpdatesInOrder_keepingWhenEachHostWasFirstSeen() {
    AgentRegistration first = new AgentRegistration("web-1", "blue", Map.of("role", "web"), List.of("isolate-host"),
        "0.1.0", false, "gw-a", 1_700_000_000_000L);
    agents.connected(first);

    agents.applyAll(List.of(
        new AgentRegistry.Disconnected("web-1", "gw-a"),
        new AgentRegistry.Connected(new AgentRegistration("web-1", "blue", Map.of("role", "api"),
            List.of("isolate-host"), "0.2.0", false, "gw-b", 1_700_000_060_000L)),
        new AgentRegistry.Connected(registration("web-2", "blue", "gw-b", Map.of())),
        new AgentRegistry.Disconnected("web-2", "gw-b"),
        new AgentRegistry.Disconnected("web-1", "gw-a"))); // late, from the old gateway: no effect

    AgentRecord web1 = agents.find(List.of("web-1")).get(0);
    assertThat(web1.connected()).isTrue();
    assertThat(web1.gatewayId()).isEqualTo("gw-b");
    assertThat(web1.agentVersion()).isEqualTo("0.2.0");
    assertThat(web1.labels()).containsExactly(Map.entry("role", "api"));
    assertThat(web1.firstSeenAt()).isEqualTo(java.time.Instant.ofEpochMilli(1_700_000_000_000L));
    assertThat(web1.lastSeenAt()).isEqualTo(java.time.Instant.ofEpochMilli(1_700_000_060_000L));
    AgentRecord web2 = agents.find(List.of("web-2")).get(0);
    assertThat(web2.connected()).isFalse();
    assertThat(web2.gatewayId()).isNull();
  }

  @Test
  void applyAll_withABadUpdate_appliesNone() {
    AgentRegistration noPartition = new AgentRegistration("web-2", null, Map.of(), List.of(), "0.1.0", false, "gw-a",
        1_700_000_000_000L);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> agents.applyAll(List.of(
            new AgentRegistry.Connected(registration("web-1", "blue", "gw-a", Map.of())),
            new AgentRegistry.Connected(noPartition))))
        .hasMessageContaining("could not apply 2 agent registry updates");
    assertThat(agents.list(List.of())).isEmpty();
  }

  private static AgentRegistration at(String host, String gateway, long connectedAtMs) {
    return new AgentRegistration(host, "blue", Map.of(), List.of("isolate-host"), "0.1.0", false, gateway,
        connectedAtMs);
  }

  static AgentRegistration registration(String host, String partition, String gateway, Map<String, String> labels) {
    return new AgentRegistration(host, partition, labels, List.of("isolate-host", "release-host"), "0.1.0",
        true, gateway, System.currentTimeMillis());
  }
}
