package io.firebreak.agent.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.firebreak.agent.testing.Commands;
import io.firebreak.agent.testing.GatewayProcess;
import io.firebreak.agent.testing.NetnsGatewayMain;
import io.firebreak.agent.testing.NetnsLab;
import io.firebreak.agent.testing.NetnsLab.Host;
import io.firebreak.agent.testing.PartitionKey;
import io.firebreak.agent.testing.TcpForwarderMain;
import io.firebreak.agent.testing.TcpListenerMain;
import io.firebreak.proto.agent.v1.Command;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.Outcome;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent jar isolating and releasing a host of a namespace network: host "gw" runs a test
 * gateway, host "a" the agent, host "b" a TCP service that a must not reach while isolated. Every
 * reachability claim is a real TCP connection made from inside a's namespace.
 */
class HostIsolationIT {
  private static final int GATEWAY_PORT = 7443;
  private static final int SERVICE_PORT = 8080;
  private static final int FORWARDER_PORT = 17443;
  private static final long HEARTBEAT_MS = 2_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String TABLE = "table inet firebreak_isolation";

  @TempDir static Path shared;
  private static NetnsLab lab;
  private static Host gw;
  private static Host a;
  private static Host b;
  private static GatewayProcess gateway;
  private static PartitionKey key;

  @TempDir Path dir;
  private final List<Process> agents = new ArrayList<>();
  private int agentStarts;

  @BeforeAll
  static void buildNetwork() throws Exception {
    Optional<String> missing = NetnsLab.missingPrerequisite();
    if (missing.isPresent()) {
      if (System.getenv("CI") != null) {
        fail("CI must run the namespace isolation tests, but " + missing.get());
      }
      Assumptions.abort("skipped: " + missing.get());
    }
    // Logs stay in target/ for a failed run to be read.
    Path logs = Files.createDirectories(Path.of("target", "host-isolation-it"));
    try (Stream<Path> old = Files.list(logs)) {
      for (Path file : old.toList()) {
        Files.delete(file);
      }
    }
    lab = NetnsLab.create(3, logs);
    gw = lab.host(1);
    a = lab.host(2);
    b = lab.host(3);
    key = PartitionKey.generate("p1", shared);
    Process gatewayProcess =
        lab.spawn(
            gw,
            "gateway",
            true,
            NetnsLab.java(
                NetnsGatewayMain.class.getName(),
                String.valueOf(GATEWAY_PORT),
                String.valueOf(HEARTBEAT_MS)));
    gateway = new GatewayProcess(gatewayProcess, TIMEOUT);
    for (Host host : List.of(a, b)) {
      awaitReady(
          lab.spawn(
              host,
              "service-" + host.namespace(),
              true,
              NetnsLab.java(TcpListenerMain.class.getName(), String.valueOf(SERVICE_PORT))));
    }
  }

  @AfterAll
  static void tearDownNetwork() throws Exception {
    if (lab != null) {
      lab.close();
    }
  }

  @AfterEach
  void stopAgents() throws Exception {
    for (Process agent : agents) {
      NetnsLab.stop(agent);
    }
    // Leave a clean host a for the next test, whatever this one did.
    String tables = lab.exec(a, "nft", "list", "tables");
    if (tables.contains(TABLE)) {
      lab.exec(a, "nft", "delete", "table", "inet", "firebreak_isolation");
    }
  }

  @Test
  void isolate_cutsTheHostOffButKeepsItsGatewayStream_andReleaseRestoresIt() throws Exception {
    startAgent("host-a", NetnsLab.GATEWAY_NAME + ":" + GATEWAY_PORT);
    assertReachesTheService(true);
    assertThat(lab.connects(b, a.ipv4(), SERVICE_PORT)).as("b reaches a").isTrue();
    String probe = b.ipv4() + ":" + SERVICE_PORT;

    CommandResult isolated = execute("host-a", "isolate-host", Map.of("probe", probe));

    assertThat(isolated.getOutcome()).as(isolated.getDetail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    Map<String, String> evidence = isolated.getEvidenceMap();
    assertThat(evidence.get("ruleset"))
        .contains(TABLE, "policy drop", gw.ipv4(), gw.ipv6(), "tcp dport " + GATEWAY_PORT);
    assertThat(evidence.get("selftest.gateway"))
        .contains("heartbeat round trip on the live stream in")
        .contains("reachable in");
    assertThat(evidence.get("selftest.probe-before")).contains("is reachable");
    assertThat(evidence.get("selftest.probe")).contains(probe + " is unreachable");
    System.out.printf(
        "isolate-host on a real network: apply %s ms, self-test %s ms, total %s ms%n%s%n",
        evidence.get("timing.apply-ms"),
        evidence.get("timing.selftest-ms"),
        evidence.get("timing.total-ms"),
        evidence);
    assertReachesTheService(false);
    assertThat(lab.connects(b, a.ipv4(), SERVICE_PORT))
        .as("b reaches a while a is isolated")
        .isFalse();

    CommandResult again = execute("host-a", "isolate-host", Map.of("probe", probe));

    assertThat(again.getOutcome()).as(again.getDetail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(again.getEvidenceMap()).containsEntry("already", "true");
    assertThat(lab.exec(a, "nft", "list", "tables").lines().filter(line -> line.contains(TABLE)))
        .hasSize(1);
    assertThat(Files.readString(dir.resolve("state-host-a").resolve("isolation.json")))
        .contains("\"isolated\": true");

    CommandResult released = execute("host-a", "release-host", Map.of("probe", probe));

    assertThat(released.getOutcome()).as(released.getDetail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(released.getEvidenceMap().get("selftest.probe")).contains(probe + " is reachable");
    assertThat(lab.exec(a, "nft", "list", "tables")).doesNotContain(TABLE);
    assertReachesTheService(true);
    assertThat(lab.connects(b, a.ipv4(), SERVICE_PORT)).as("b reaches a again").isTrue();

    CommandResult releasedAgain = execute("host-a", "release-host", Map.of());

    assertThat(releasedAgain.getOutcome()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(releasedAgain.getDetail()).isEqualTo("host was not isolated");
  }

  @Test
  void isolate_whenTheGatewayIsReachedThroughALocalForwarder_rollsBackAndStaysManaged()
      throws Exception {
    // Like an egress proxy or tunnel: the agent dials 127.0.0.1, the forwarder dials the gateway.
    // Isolation allows the gateway endpoint the agent knows (loopback), so the forwarder's own
    // connection is cut; a fresh connection to 127.0.0.1 still succeeds, but the heartbeat round
    // trip over the live stream does not.
    awaitReady(
        lab.spawn(
            a,
            "forwarder",
            true,
            NetnsLab.java(
                TcpForwarderMain.class.getName(),
                String.valueOf(FORWARDER_PORT),
                gw.ipv4(),
                String.valueOf(GATEWAY_PORT))));
    startAgent("host-fwd", "127.0.0.1:" + FORWARDER_PORT);

    CommandResult result =
        execute("host-fwd", "isolate-host", Map.of("probe", b.ipv4() + ":" + SERVICE_PORT));

    assertThat(result.getOutcome()).as(result.getDetail()).isEqualTo(Outcome.OUTCOME_ROLLED_BACK);
    System.out.printf(
        "isolate-host rolled back: self-test %s ms, rollback %s ms, total %s ms; %s%n",
        result.getEvidenceMap().get("timing.selftest-ms"),
        result.getEvidenceMap().get("timing.rollback-ms"),
        result.getEvidenceMap().get("timing.total-ms"),
        result.getDetail());
    assertThat(result.getDetail())
        .contains("the gateway is not reachable through the isolation")
        .contains("heartbeat round trip on the live stream failed")
        .contains("the isolation was removed");
    assertThat(result.getEvidenceMap().get("ruleset")).contains(TABLE);
    assertThat(result.getEvidenceMap()).containsEntry("isolated", "false");
    assertThat(lab.exec(a, "nft", "list", "tables")).doesNotContain(TABLE);
    assertReachesTheService(true);
    assertThat(Files.exists(dir.resolve("state-host-fwd").resolve("isolation.json"))).isFalse();

    CommandResult next = execute("host-fwd", "release-host", Map.of());

    assertThat(next.getOutcome()).as(next.getDetail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
  }

  @Test
  void restart_whileIsolated_reappliesTheMissingIsolation() throws Exception {
    List<String> probeFlag = List.of("--isolation-probe", b.ipv4() + ":" + SERVICE_PORT);
    Process first = startAgent("host-r", NetnsLab.GATEWAY_NAME + ":" + GATEWAY_PORT, probeFlag);
    CommandResult isolated = execute("host-r", "isolate-host", Map.of());
    assertThat(isolated.getOutcome()).as(isolated.getDetail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(isolated.getEvidenceMap().get("selftest.probe")).contains("is unreachable");

    NetnsLab.stop(first);
    // As after a reboot: the ruleset is gone, the agent's state directory is not.
    lab.exec(a, "nft", "delete", "table", "inet", "firebreak_isolation");
    assertReachesTheService(true);
    startAgent("host-r", NetnsLab.GATEWAY_NAME + ":" + GATEWAY_PORT, probeFlag);

    assertThat(lab.exec(a, "nft", "list", "tables")).contains(TABLE);
    assertReachesTheService(false);
    assertThat(Files.readString(lab.log("agent-host-r-2")))
        .contains("isolation table was missing")
        .contains("isolation re-applied");
    CommandResult released = execute("host-r", "release-host", Map.of());
    assertThat(released.getOutcome()).as(released.getDetail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertReachesTheService(true);
  }

  private Process startAgent(String hostId, String target) throws Exception {
    return startAgent(hostId, target, List.of());
  }

  /** Starts the agent jar in a's namespace and waits until the gateway has its stream. */
  private Process startAgent(String hostId, String target, List<String> extra) throws Exception {
    int streamsBefore = gateway.awaitStreams(hostId, 0, Duration.ZERO);
    agentStarts++;
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "--gateway",
                target,
                "--host-id",
                hostId,
                "--partition",
                "p1",
                "--trust",
                key.file().toString(),
                "--state-dir",
                dir.resolve("state-" + hostId).toString()));
    arguments.addAll(extra);
    Process agent =
        lab.spawn(a, "agent-" + hostId + "-" + agentStarts, false, NetnsLab.agentJar(arguments));
    agents.add(agent);
    int streams = gateway.awaitStreams(hostId, streamsBefore + 1, TIMEOUT);
    if (streams <= streamsBefore) {
      fail(
          "agent "
              + hostId
              + " did not connect; its log: "
              + Files.readString(lab.log("agent-" + hostId + "-" + agentStarts)));
    }
    return agent;
  }

  /** Sends a signed command; if its stream died, retries it once (the journal answers). */
  private CommandResult execute(String hostId, String action, Map<String, String> parameters)
      throws Exception {
    Command command =
        Commands.command(hostId, "p1", action, System.currentTimeMillis())
            .putAllParameters(parameters)
            .build();
    Optional<CommandResult> result = gateway.execute(key.sign(command), TIMEOUT);
    if (result.isEmpty()) {
      result = gateway.execute(key.sign(Commands.retry(command)), TIMEOUT);
    }
    return result.orElseThrow(
        () -> new AssertionError("no result for " + action + " from " + hostId));
  }

  private void assertReachesTheService(boolean expected) throws Exception {
    assertThat(lab.connects(a, b.ipv4(), SERVICE_PORT))
        .as("a reaches b over IPv4")
        .isEqualTo(expected);
    assertThat(lab.connects(a, b.ipv6(), SERVICE_PORT))
        .as("a reaches b over IPv6")
        .isEqualTo(expected);
  }

  private static void awaitReady(Process process) throws Exception {
    BufferedReader output =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = output.readLine();
    if (!"READY".equals(line)) {
      throw new IllegalStateException("helper process did not start: " + line);
    }
  }
}
