package io.firebreak.orchestrator;

import static io.firebreak.orchestrator.PackagedJars.awaitPort;
import static io.firebreak.orchestrator.PackagedJars.jar;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.orchestrator.demo.ApiClient;
import io.firebreak.orchestrator.demo.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash never loses or doubles an action: the Temporal engine, the orchestrator (worker +
 * gateway) and 300 simulated hosts run as three processes; the orchestrator is killed with
 * SIGKILL while the fan-out is half done and started again; every host must have executed the
 * isolation exactly once, by its own count.
 */
class WorkerCrashIT {
  static final int HOSTS = 300;

  @TempDir Path work;
  final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process process : processes) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void killedWorkerMidFanOut_noHostLostNoneExecutedTwice() throws Exception {
    int temporalPort = FreePorts.pick();
    int httpPort = FreePorts.pick();
    int gatewayPort = FreePorts.pick();
    Path config = writeConfig(temporalPort, httpPort, gatewayPort);
    Process temporal = start("temporal", List.of("-jar", jar("orchestrator"), "temporal", "--port",
        Integer.toString(temporalPort)));
    awaitPort(temporalPort, temporal, work.resolve("temporal.log"));
    Process worker = start("worker-1", List.of("-jar", jar("orchestrator"), "server", config.toString()));
    awaitPort(httpPort, worker, work.resolve("worker-1.log"));
    ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + httpPort),
        Files.readString(work.resolve("data/admin.token")).strip());
    Path report = work.resolve("executions.tsv");
    Process hosts = start("hosts", List.of("-jar", jar("agent"), "--gateway", "127.0.0.1:" + gatewayPort,
        "--partition", "blue", "--trust", work.resolve("data/keys/blue.pub").toString(),
        "--simulate", Integer.toString(HOSTS), "--host-id-prefix", "h", "--simulate-latency-ms", "60",
        "--state-dir", work.resolve("agents").toString(), "--simulate-report", report.toString()));
    awaitRegistered(api);

    JsonNode reply = api.post("/api/v1/alerts", Map.of("type", "crash-test", "severity", "high",
        "source", "it", "partition", "blue")).body();
    String incidentId = reply.path("incidents").path(0).path("incidentId").asText();
    int doneAtCrash = awaitSucceeded(api, incidentId, HOSTS / 3);
    worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    Process restarted = start("worker-2", List.of("-jar", jar("orchestrator"), "server", config.toString()));
    awaitPort(httpPort, restarted, work.resolve("worker-2.log"));

    JsonNode incident = awaitEnd(api, incidentId);
    hosts.destroy(); // SIGTERM: the hosts write their own record of what they executed
    assertThat(hosts.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(doneAtCrash).isLessThan(HOSTS);
    List<String> problems = new ArrayList<>();
    for (JsonNode host : api.get("/api/v1/incidents/" + incidentId).body().path("hosts")) {
      if (!host.path("outcome").asText().equals("succeeded")) {
        problems.add(host.path("host").asText() + " " + host.path("outcome").asText() + ": " + host.path("detail").asText());
      }
    }
    assertThat(incident.path("state").asText()).as("hosts not succeeded: %s", problems).isEqualTo("completed");
    assertThat(incident.path("outcomes").path("isolate.succeeded").asInt()).isEqualTo(HOSTS);
    Map<String, Integer> executions = new HashMap<>();
    for (String line : Files.readAllLines(report, StandardCharsets.UTF_8)) {
      String[] fields = line.split("\t");
      if (fields[1].startsWith(incidentId + "/isolate/")) {
        executions.merge(fields[0], Integer.parseInt(fields[2]), Integer::sum);
      }
    }
    assertThat(executions).as("hosts that executed the isolation (none lost)").hasSize(HOSTS);
    assertThat(executions.values()).as("executions per host (none doubled)").containsOnly(1);
  }

  private Path writeConfig(int temporalPort, int httpPort, int gatewayPort) throws IOException {
    Path playbooks = Files.createDirectories(work.resolve("playbooks"));
    Files.writeString(playbooks.resolve("crash-test.yaml"), String.join("\n",
        "version: 1", "name: crash-test", "description: Isolate every host of partition blue.", "mode: autonomous",
        "triggers:", "  - type: crash-test", "targets:", "  partitions: [blue]", "steps:",
        "  - name: isolate", "    action: isolate-host", "    batchSize: 100", "    hostTimeout: 60s", ""));
    // Simulated hosts: isolating the whole partition runs without a person in the loop.
    Path policy = work.resolve("policy.yaml");
    Files.writeString(policy, String.join("\n", "version: 1",
        "blastRadius: {maxAutonomousHosts: 1000000, wholePartition: 0}",
        "rules:", "  - actions: [isolate-host, release-host]", "    approvals: 0", ""));
    Path config = work.resolve("firebreak.yml");
    Files.writeString(config, String.join("\n",
        "dataDir: " + work.resolve("data"),
        "partitions: [blue]",
        "playbooks: " + playbooks,
        "policy: " + policy,
        "temporal: {target: \"127.0.0.1:" + temporalPort + "\"}",
        "gateway: {id: gw-crash, bindAddress: 127.0.0.1, port: " + gatewayPort + "}",
        "server:",
        "  applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: " + httpPort + "}]",
        "  adminConnectors: [{type: http, bindHost: 127.0.0.1, port: 0}]",
        "  requestLog: {appenders: []}",
        "logging: {level: WARN, loggers: {io.temporal: ERROR, org.flywaydb: ERROR}}",
        ""));
    return config;
  }

  private Process start(String name, List<String> arguments) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(arguments);
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(work.resolve(name + ".log").toFile())
        .start();
    processes.add(process);
    return process;
  }

  private static void awaitRegistered(ApiClient api) throws Exception {
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline)) {
      if (api.connectedAgents() >= HOSTS) {
        return;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("hosts did not register within 90 s");
  }

  private static int awaitSucceeded(ApiClient api, String incidentId, int atLeast) throws Exception {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      int succeeded = api.get("/api/v1/incidents/" + incidentId + "?hostLimit=0").body()
          .path("outcomes").path("isolate.succeeded").asInt();
      if (succeeded >= atLeast) {
        return succeeded;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("fewer than " + atLeast + " results within 60 s");
  }

  private static JsonNode awaitEnd(ApiClient api, String incidentId) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    JsonNode incident = null;
    while (Instant.now().isBefore(deadline)) {
      try {
        incident = api.get("/api/v1/incidents/" + incidentId + "?hostLimit=0").body();
        if (incident.path("state").asText().startsWith("completed")) {
          return incident;
        }
      } catch (IOException restarting) {
        // the new worker is still starting
      }
      Thread.sleep(200);
    }
    throw new AssertionError("incident did not end within 120 s after the crash: " + incident);
  }
}
