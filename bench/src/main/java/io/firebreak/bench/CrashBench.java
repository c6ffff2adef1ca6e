package io.firebreak.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.orchestrator.demo.ApiClient;
import io.firebreak.orchestrator.demo.FreePorts;
import io.firebreak.orchestrator.incident.IncidentState;
import io.firebreak.orchestrator.incident.IncidentStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code crash}: the Temporal engine, the orchestrator and N hosts as three processes. Runs the
 * fan-out once without a crash, then again killing the orchestrator with SIGKILL when about half
 * the hosts have answered and starting a new one; counts, from the hosts' own records, how many
 * hosts never executed the action (lost) and how many executed it more than once (duplicated).
 */
@Command(name = "crash", mixinStandardHelpOptions = true,
    description = "Kill -9 the orchestrator mid-fan-out: lost and duplicated actions, time against a crash-free run.")
final class CrashBench implements Callable<Integer> {
  private static final long POLL_MS = 20;
  private static final String WORKFLOW_ID = "incident/crash-test/targets";

  @Option(names = "--hosts", defaultValue = "1000", description = "simulated hosts (default ${DEFAULT-VALUE})")
  int hosts;

  @Option(names = "--latency-ms", defaultValue = "20",
      description = "simulated action latency, so the fan-out lasts long enough to interrupt (default ${DEFAULT-VALUE})")
  int latencyMs;

  @Option(names = "--trace", description = "print the workflow events of the crashed run with their times")
  boolean trace;

  @Option(names = "--keep-work-dir",
      description = "keep the whole work directories (by default only their logs and the hosts' executions stay)")
  boolean keepWorkDir;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> crashFree = run(false);
    Map<String, Object> crashed = run(true);
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("benchmark", "crash");
    report.put("hosts", hosts);
    report.put("crash_free_s", crashFree.get("seconds"));
    report.put("with_crash_s", crashed.get("seconds"));
    report.put("extra_s", Stats.round((double) crashed.get("seconds") - (double) crashFree.get("seconds")));
    report.put("class_data_sharing", !ProcessSet.classData(ProcessSet.jar("orchestrator")).isEmpty());
    report.put("answered_at_kill", crashed.get("answeredAtKill"));
    report.put("after_kill_s", crashed.get("after_kill"));
    report.put("lost", crashed.get("lost"));
    report.put("duplicated", crashed.get("duplicated"));
    report.put("crash_free_lost", crashFree.get("lost"));
    report.put("crash_free_duplicated", crashFree.get("duplicated"));
    System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
    return 0;
  }

  private Map<String, Object> run(boolean crash) throws Exception {
    Path work = Files.createTempDirectory("firebreak-crash-");
    try (ProcessSet processes = new ProcessSet(work)) {
      int temporalPort = FreePorts.pick();
      int httpPort = FreePorts.pick();
      int gatewayPort = FreePorts.pick();
      Path config = ProcessSet.writeConfig(work, temporalPort, httpPort, gatewayPort);
      processes.start("temporal", List.of("-jar", ProcessSet.jar("orchestrator"), "temporal", "--port",
          Integer.toString(temporalPort)));
      ProcessSet.awaitPort(temporalPort);
      List<String> server = new ArrayList<>(ProcessSet.classData(ProcessSet.jar("orchestrator")));
      server.addAll(List.of("-jar", ProcessSet.jar("orchestrator"), "server", config.toString()));
      Process worker = processes.start("worker-1", server);
      ProcessSet.awaitPort(httpPort);
      ApiClient api = new ApiClient(URI.create("http://127.0.0.1:" + httpPort),
          Files.readString(work.resolve("data/admin.token")).strip());
      Path report = work.resolve("executions.tsv");
      Process fleet = processes.start("hosts", List.of("-jar", ProcessSet.jar("agent"), "--gateway",
          "127.0.0.1:" + gatewayPort, "--partition", "blue", "--trust", work.resolve("data/keys/blue.pub").toString(),
          "--simulate", Integer.toString(hosts), "--host-id-prefix", "h", "--simulate-latency-ms",
          Integer.toString(latencyMs), "--state-dir", work.resolve("agents").toString(),
          "--simulate-report", report.toString()), true);
      while (api.connectedAgents() < hosts) {
        Thread.sleep(200);
      }
      WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + temporalPort).build());
      long started = System.nanoTime();
      long alertSentMs = System.currentTimeMillis();
      String incidentId = api.post("/api/v1/alerts", Map.of("type", "crash-test", "severity", "high",
          "source", "bench", "partition", "blue")).body().path("incidents").path(0).path("incidentId").asText();
      Milestones milestones = new Milestones();
      int answeredAtKill = awaitHalf(api, incidentId, crash ? () -> {
        worker.destroyForcibly().waitFor();
        milestones.killed = System.nanoTime();
        milestones.killedAtMs = System.currentTimeMillis();
        processes.start("worker-2", server);
      } : null);
      if (crash) {
        milestones.apiBack = awaitServing(api, incidentId);
      }
      // The end from Temporal's long poll on the Temporal process, which outlives the orchestrators:
      // polling the API instead would load the restarting orchestrator far beyond what a person
      // watching does (the web UI polls once a second) and slow the recovery it measures.
      double seconds;
      try {
        WorkflowClient workflows = WorkflowClient.newInstance(service);
        workflows.newUntypedWorkflowStub(WORKFLOW_ID).getResult(300, TimeUnit.SECONDS, IncidentStatus.class);
        seconds = (System.nanoTime() - started) / 1e9;
        if (crash && trace) {
          System.err.printf("killed at %d ms%n", (milestones.killed - started) / 1_000_000);
          new Timeline(workflows).print(WORKFLOW_ID, alertSentMs, System.err);
        }
      } finally {
        service.shutdownNow();
      }
      requireEnded(api, incidentId);
      if (crash) {
        milestones.lastAgentBackMs = lastConnect(api);
      }
      fleet.destroy();
      fleet.waitFor();
      Map<String, Integer> executions = new HashMap<>();
      for (String line : Files.readAllLines(report, StandardCharsets.UTF_8)) {
        String[] fields = line.split("\t");
        if (fields[1].startsWith(incidentId + "/")) {
          executions.merge(fields[0], Integer.parseInt(fields[2]), Integer::sum);
        }
      }
      Map<String, Object> result = new HashMap<>();
      result.put("seconds", Stats.round(seconds));
      result.put("answeredAtKill", answeredAtKill);
      result.put("lost", hosts - executions.size());
      result.put("duplicated", executions.values().stream().filter(count -> count > 1).count());
      if (crash) {
        result.put("after_kill", milestones.report(started));
      }
      System.err.printf("%s run: %.3f s (logs in %s)%n", crash ? "crash" : "crash-free", seconds, work);
      return result;
    } finally {
      if (!keepWorkDir) {
        WorkDirectory.remove(work.resolve("data"), work.resolve("agents"));
      }
    }
  }

  /** The incident's state and counts without its hosts: the cheap read both runs poll. */
  private static String light(String incidentId) {
    return "/api/v1/incidents/" + incidentId + "?hostLimit=0";
  }

  /** How many hosts of {@code incident} have succeeded so far. */
  private static int succeeded(JsonNode incident) {
    return incident.path("outcomes").path("isolate.succeeded").asInt();
  }

  /** The newest registration of any connected agent (epoch ms); read once, after the run. */
  private static long lastConnect(ApiClient api) throws Exception {
    long newest = 0;
    for (JsonNode agent : api.get("/api/v1/agents").body()) {
      if (agent.path("connected").asBoolean()) {
        newest = Math.max(newest, Instant.parse(agent.path("lastSeenAt").asText()).toEpochMilli());
      }
    }
    return newest;
  }

  /** The crash: kills the orchestrator and starts its successor. */
  @FunctionalInterface
  private interface Crash {
    void now() throws Exception;
  }

  /** When the crashed run passed its milestones (System.nanoTime; 0 = not seen). */
  private static final class Milestones {
    long killed;
    long killedAtMs;
    long apiBack;
    long lastAgentBackMs;

    Map<String, Object> report(long started) {
      Map<String, Object> seconds = new LinkedHashMap<>();
      seconds.put("killed_at", Stats.round((killed - started) / 1e9));
      seconds.put("new_orchestrator_serving", apiBack == 0 ? null : Stats.round((apiBack - killed) / 1e9));
      seconds.put("all_agents_reconnected",
          lastAgentBackMs < killedAtMs ? null : Stats.round((lastAgentBackMs - killedAtMs) / 1e3));
      return seconds;
    }
  }

  /**
   * Polls the incident every {@link #POLL_MS}, the same way in both runs, until half the hosts have
   * succeeded; then runs {@code crash}, if any.
   *
   * @return the hosts that had succeeded at that point
   */
  private int awaitHalf(ApiClient api, String incidentId, Crash crash) throws Exception {
    Instant deadline = Instant.now().plusSeconds(300);
    while (Instant.now().isBefore(deadline)) {
      JsonNode incident = api.get(light(incidentId)).body();
      if (succeeded(incident) >= hosts / 2 || IncidentState.isTerminal(incident.path("state").asText())) {
        if (crash != null) {
          crash.now();
        }
        return succeeded(incident);
      }
      Thread.sleep(POLL_MS);
    }
    throw new IllegalStateException("half the hosts of incident " + incidentId + " had not succeeded within 300 s");
  }

  /** Polls until the new orchestrator answers for the incident; returns when (System.nanoTime). */
  private static long awaitServing(ApiClient api, String incidentId) throws Exception {
    Instant deadline = Instant.now().plusSeconds(300);
    while (Instant.now().isBefore(deadline)) {
      try {
        if (api.get(light(incidentId)).status() == 200) {
          return System.nanoTime();
        }
      } catch (java.io.IOException restarting) {
        // Not listening yet.
      }
      Thread.sleep(POLL_MS);
    }
    throw new IllegalStateException("the new orchestrator did not serve within 300 s");
  }

  /**
   * Waits (at most 10 s) for the API to show the incident ended with every host succeeded, as the
   * workflow that just ended wrote it; fails otherwise.
   */
  private void requireEnded(ApiClient api, String incidentId) throws Exception {
    Instant deadline = Instant.now().plusSeconds(10);
    while (true) {
      JsonNode incident = api.get(light(incidentId)).body();
      if (IncidentState.isTerminal(incident.path("state").asText())) {
        if (succeeded(incident) != hosts) {
          throw new IllegalStateException("only " + succeeded(incident) + " of " + hosts + " hosts succeeded: "
              + incident);
        }
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("the workflow ended but the incident did not: " + incident);
      }
      Thread.sleep(POLL_MS);
    }
  }
}
