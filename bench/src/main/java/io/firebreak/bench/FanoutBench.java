package io.firebreak.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.orchestrator.audit.AuditActions;
import io.firebreak.orchestrator.audit.AuditLog;
import io.firebreak.orchestrator.audit.AuditQuery;
import io.firebreak.orchestrator.audit.AuditRecord;
import io.firebreak.orchestrator.demo.ApiClient;
import io.firebreak.orchestrator.demo.LocalOrchestrator;
import io.firebreak.orchestrator.incident.IncidentState;
import io.firebreak.orchestrator.incident.IncidentStatus;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fanout}: the orchestrator on embedded defaults in this JVM, N simulated hosts in another,
 * each on its own connection. Times alert → every host's result recorded (the audit trail's event
 * for the last host's result, which is written after the result's row) and alert → incident
 * closed (its final state in the index), and in the same run the raw baseline: the same N signed
 * commands over the same streams, answered, with no orchestration. Prints one JSON object.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true,
    description = "Alert-to-last-result time for N hosts, next to the raw gRPC baseline.")
final class FanoutBench implements Callable<Integer> {
  private static final String PARTITION = "bench";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The incident workflow every run's alert opens (one at a time: the playbook's entity is its targets). */
  private static final String WORKFLOW_ID = "incident/bench-fanout/targets";

  @Option(names = "--hosts", defaultValue = "1000", description = "simulated hosts (default ${DEFAULT-VALUE})")
  int hosts;

  @Option(names = "--runs", defaultValue = "5", description = "measured runs (default ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--warmup", defaultValue = "2", description = "unmeasured runs first (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--batch-size", defaultValue = "500", description = "hosts per dispatch activity (default ${DEFAULT-VALUE})")
  int batchSize;

  @Option(names = "--hosts-heap", defaultValue = "2g", description = "heap of the hosts' JVM (default ${DEFAULT-VALUE})")
  String hostsHeap;

  @Option(names = "--trace", description = "print the last run's stages and workflow events with their times")
  boolean trace;

  @Option(names = "--keep-work-dir", description = "keep the work directory (database, hosts' journals and log)")
  boolean keepWorkDir;


  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("firebreak-bench-");
    try {
      measure(work);
    } finally {
      if (keepWorkDir) {
        System.err.println("work directory: " + work);
      } else {
        WorkDirectory.remove(work);
      }
    }
    System.exit(0); // the embedded server's threads would keep the JVM alive
    return 0;
  }

  private void measure(Path work) throws Exception {
    Path playbooks = Files.createDirectories(work.resolve("playbooks"));
    Files.writeString(playbooks.resolve("bench-fanout.yaml"), playbook(), StandardCharsets.UTF_8);
    LocalOrchestrator orchestrator = new LocalOrchestrator(work.resolve("server"), List.of(PARTITION))
        .start(playbooks, "ERROR");
    ApiClient api = new ApiClient(URI.create(orchestrator.apiUrl()), orchestrator.adminToken());
    try (HostsProcess fleet = HostsProcess.start(hosts, orchestrator.gatewayTarget(), PARTITION,
        orchestrator.trustFile(PARTITION), work, hostsHeap)) {
      awaitRegistered(api, fleet);
      RawBaseline raw = new RawBaseline(orchestrator.application().gateway(), PARTITION, hosts);
      HeapSampler heap = new HeapSampler();
      List<Double> orchestrated = new ArrayList<>();
      List<Double> closed = new ArrayList<>();
      List<Double> baseline = new ArrayList<>();
      Map<String, List<Double>> stages = new LinkedHashMap<>();
      CpuSplit cpu = new CpuSplit(fleet);
      Timing last = null;
      long cpuBefore = 0;
      for (int run = 0; run < warmup + runs; run++) {
        boolean measured = run >= warmup;
        if (run == warmup) {
          cpuBefore = processCpuNanos();
          heap.start();
        }
        cpu.mark();
        Timing timing = orchestratedRun(api, orchestrator, cpu);
        last = timing;
        CpuSplit.Used orchestratedCpu = timing.cpu();
        cpu.mark();
        double rawRun = raw.run("raw-" + run);
        CpuSplit.Used rawCpu = cpu.used();
        if (measured) {
          cpu.add(orchestratedCpu, rawCpu);
          orchestrated.add(timing.lastResult());
          closed.add(timing.closed());
          baseline.add(rawRun);
          timing.stages().forEach((stage, at) ->
              stages.computeIfAbsent(stage, name -> new ArrayList<>()).add((double) (at - timing.alertSentMs())));
        }
        System.err.printf("run %d%s: orchestrated %.3f s (incident closed %.3f s), raw %.3f s%n", run + 1,
            measured ? "" : " (warm-up)", timing.lastResult(), timing.closed(), rawRun);
      }
      double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
      heap.stop();
      if (trace) {
        System.err.println("-- stages of the last run (ms after the alert, from its audit events)");
        long alertSentMs = last.alertSentMs();
        last.stages().forEach((stage, at) -> System.err.printf("%7d ms  %s%n", at - alertSentMs, stage));
        new Timeline(orchestrator.application().workflowClient())
            .print(WORKFLOW_ID, alertSentMs, System.err);
      }
      Map<String, Object> report = new LinkedHashMap<>();
      report.put("benchmark", "fanout");
      report.put("hosts", hosts);
      report.put("runs", runs);
      report.put("batch_size", batchSize);
      report.put("orchestrated", Stats.summary(orchestrated));
      report.put("orchestrated_note", "alert sent -> the last host's result recorded");
      report.put("orchestrated_to_incident_closed", Stats.summary(closed));
      report.put("raw_grpc", Stats.summary(baseline));
      Map<String, Double> stagesP50 = new LinkedHashMap<>();
      stages.forEach((stage, at) -> stagesP50.put(stage, Stats.percentile(at, 50)));
      report.put("stages_ms_p50", stagesP50);
      report.put("stages_note", "ms after the alert, median over the measured runs, from each run's audit events"
          + " (the hosts' start times only with --trace)");
      report.put("ratio_p50", Stats.round(Stats.percentile(orchestrated, 50) / Stats.percentile(baseline, 50)));
      report.put("orchestrator_cpu_s_per_host", cpuSeconds / ((double) hosts * runs));
      report.put("orchestrator_cpu_note", "orchestrator JVM CPU over the measured runs, orchestrated and raw together");
      report.put("cpu_ms_per_host", cpu.report(hosts));
      report.put("cpu_ms_per_host_note", "median over the measured runs; orchestrated: from the alert to the"
          + " incident's workflow closed; hosts: the simulated hosts' JVM");
      report.put("orchestrator_peak_heap_mib", heap.peakMiB());
      report.put("orchestrator_peak_heap_after_gc_mib", heap.peakAfterGcMiB());
      report.put("orchestrator_max_heap_mib", heap.maxMiB());
      report.put("orchestrator_heap_note", "this JVM also runs the embedded Temporal engine, which keeps every run's"
          + " history in memory; peak is sampled every 20 ms with garbage, after_gc is what a collection left");
      report.put("cores", Runtime.getRuntime().availableProcessors());
      System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
    }
  }

  /**
   * One orchestrated run: seconds from the alert to the last result recorded and to the incident
   * closed, its CPU, and when (epoch ms) the alert was sent and its stages happened.
   */
  private record Timing(double lastResult, double closed, CpuSplit.Used cpu, long alertSentMs,
      Map<String, Long> stages) {}

  private Timing orchestratedRun(ApiClient api, LocalOrchestrator orchestrator, CpuSplit cpu) throws Exception {
    AuditLog audit = orchestrator.application().auditLog();
    long auditBefore = audit.head().seq();
    long started = System.nanoTime();
    long alertSentMs = System.currentTimeMillis();
    JsonNode reply = api.post("/api/v1/alerts", Map.of("type", "bench-fanout", "severity", "high",
        "source", "bench", "partition", PARTITION)).body();
    JsonNode opened = reply.path("incidents").path(0);
    if (opened.path("joined").asBoolean()) {
      throw new IllegalStateException("the alert joined the previous run's incident: " + reply);
    }
    String incidentId = opened.path("incidentId").asText();
    // Wait on the workflow's end with Temporal's long poll rather than polling the API (which would
    // take a core from the run it measures); the incident's last status is written before it ends.
    orchestrator.application().workflowClient().newUntypedWorkflowStub(WORKFLOW_ID)
        .getResult(5, TimeUnit.MINUTES, IncidentStatus.class);
    CpuSplit.Used used = cpu.used();
    while (true) {
      JsonNode incident = api.get("/api/v1/incidents/" + incidentId + "?hostLimit=0").body();
      if (IncidentState.isTerminal(incident.path("state").asText())) {
        double closedSeconds = (System.nanoTime() - started) / 1e9;
        int succeeded = incident.path("outcomes").path("isolate.succeeded").asInt();
        if (succeeded != hosts) {
          throw new IllegalStateException("only " + succeeded + " of " + hosts + " hosts succeeded: " + incident);
        }
        Map<String, Long> stages = stages(audit, auditBefore, incidentId);
        return new Timing((stages.get(LAST_RESULT) - alertSentMs) / 1e3, closedSeconds, used, alertSentMs, stages);
      }
      Thread.sleep(5);
    }
  }

  private static final String LAST_RESULT = "last result recorded";

  /**
   * When the run's stages happened (epoch ms, this JVM's clock), from the incident's audit events,
   * read after the run so that reading them costs the run nothing: the plan resolved (and written),
   * the first and the last host starting the command (each result's {@code sentAt}, the host's
   * clock, which is this machine's), and the first and the last result recorded (its row, then its
   * event).
   */
  private Map<String, Long> stages(AuditLog audit, long afterSeq, String incidentId) throws Exception {
    long planResolved = 0;
    long firstStarted = Long.MAX_VALUE;
    long lastStarted = 0;
    long firstRecorded = Long.MAX_VALUE;
    long lastRecorded = 0;
    int events = 0;
    for (long seq = afterSeq; ; ) {
      List<AuditRecord> page = audit.list(new AuditQuery(seq, AuditQuery.MAX_LIMIT, incidentId, null, null));
      for (AuditRecord event : page) {
        seq = event.seq();
        long at = event.at().toEpochMilli();
        if (event.action().equals(AuditActions.PLAN_RESOLVED)) {
          planResolved = at;
        } else if (event.action().equals(AuditActions.COMMAND_RESULT)) {
          events++;
          firstRecorded = Math.min(firstRecorded, at);
          lastRecorded = Math.max(lastRecorded, at);
          if (trace) {
            long started = Instant.parse(JSON.readTree(event.details()).path("sentAt").asText()).toEpochMilli();
            firstStarted = Math.min(firstStarted, started);
            lastStarted = Math.max(lastStarted, started);
          }
        }
      }
      if (page.size() < AuditQuery.MAX_LIMIT) {
        break;
      }
    }
    // A retried dispatch records a host again; fewer events than hosts means a result went unaudited.
    if (events < hosts) {
      throw new IllegalStateException(events + " result events for " + hosts + " hosts in " + incidentId);
    }
    Map<String, Long> stages = new LinkedHashMap<>();
    stages.put("plan resolved and written", planResolved);
    if (trace) {
      stages.put("first host started the command", firstStarted);
      stages.put("last host started the command", lastStarted);
    }
    stages.put("first result recorded", firstRecorded);
    stages.put(LAST_RESULT, lastRecorded);
    return stages;
  }

  private void awaitRegistered(ApiClient api, HostsProcess fleet) throws Exception {
    // Registration takes longer the more hosts there are: 2 minutes plus 20 ms a host.
    long waitSeconds = 120 + hosts / 50;
    Instant deadline = Instant.now().plusSeconds(waitSeconds);
    Instant nextReport = Instant.now().plusSeconds(10);
    int connected = 0;
    while (Instant.now().isBefore(deadline)) {
      if (!fleet.alive()) {
        throw new IllegalStateException("the hosts' process died; see its hosts.log");
      }
      connected = api.connectedAgents();
      if (connected >= hosts) {
        return;
      }
      if (Instant.now().isAfter(nextReport)) {
        System.err.printf("waiting for hosts to register: %d of %d%n", connected, hosts);
        nextReport = Instant.now().plusSeconds(10);
      }
      Thread.sleep(1_000);
    }
    throw new IllegalStateException("hosts did not register within " + waitSeconds + " s (" + connected + " of "
        + hosts + ")");
  }

  private String playbook() {
    return String.join("\n",
        "version: 1",
        "name: bench-fanout",
        "description: Isolate every host of the bench partition (benchmark).",
        "mode: autonomous",
        "triggers:",
        "  - type: bench-fanout",
        "targets:",
        "  partitions: [" + PARTITION + "]",
        "steps:",
        "  - name: isolate",
        "    action: isolate-host",
        "    batchSize: " + batchSize,
        "    hostTimeout: 30s",
        "");
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
