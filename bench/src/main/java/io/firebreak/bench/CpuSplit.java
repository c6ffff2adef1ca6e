package io.firebreak.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of the two processes (the orchestrator, this JVM, and the simulated hosts' JVM) over a
 * stretch of a run, so the report can say where the orchestration's extra time went: with two
 * cores and both processes busy, a run takes about as long as its CPU divided by two.
 */
final class CpuSplit {
  /** Milliseconds of CPU per process over one stretch. */
  record Used(double orchestratorMs, double hostsMs) {}

  private final ProcessHandle hosts;
  private final List<Used> orchestrated = new ArrayList<>();
  private final List<Used> raw = new ArrayList<>();
  private long orchestratorAt;
  private long hostsAt;

  CpuSplit(HostsProcess fleet) {
    this.hosts = ProcessHandle.of(fleet.pid()).orElseThrow(() -> new IllegalStateException("the hosts' process is gone"));
  }

  /** Starts a stretch. */
  void mark() {
    orchestratorAt = FanoutBench.processCpuNanos();
    hostsAt = hostsCpuNanos();
  }

  /** The CPU used since {@link #mark}. */
  Used used() {
    return new Used((FanoutBench.processCpuNanos() - orchestratorAt) / 1e6, (hostsCpuNanos() - hostsAt) / 1e6);
  }

  /** Keeps one measured run's two stretches. */
  void add(Used orchestratedRun, Used rawRun) {
    orchestrated.add(orchestratedRun);
    raw.add(rawRun);
  }

  Map<String, Object> report(int hostCount) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("orchestrated", perHost(orchestrated, hostCount));
    report.put("raw_grpc", perHost(raw, hostCount));
    return report;
  }

  private static Map<String, Object> perHost(List<Used> runs, int hostCount) {
    Map<String, Object> perHost = new LinkedHashMap<>();
    perHost.put("orchestrator", Stats.round(Stats.percentile(runs.stream().map(Used::orchestratorMs).toList(), 50)
        / hostCount));
    perHost.put("hosts", Stats.round(Stats.percentile(runs.stream().map(Used::hostsMs).toList(), 50) / hostCount));
    return perHost;
  }

  private long hostsCpuNanos() {
    // The kernel's count of the process's user and system time (ticks of 10 ms on most systems).
    return hosts.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
  }
}
