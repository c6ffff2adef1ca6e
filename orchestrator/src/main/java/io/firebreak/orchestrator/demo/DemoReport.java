package io.firebreak.orchestrator.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.agent.simulate.SimulatedFleet;
import io.firebreak.agent.simulate.SimulatedHostState;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import io.firebreak.orchestrator.incident.IncidentState;

/** What the demo prints and checks about an incident. */
final class DemoReport {
  private DemoReport() {}

  /** Polls the incident until it ends (or the deadline), printing each change of progress. */
  static JsonNode follow(ApiClient api, String incidentId, Duration deadline, PrintStream out)
      throws IOException, InterruptedException {
    Instant end = Instant.now().plus(deadline);
    String last = "";
    while (true) {
      JsonNode incident = api.get("/api/v1/incidents/" + incidentId + "?hostLimit=0").body();
      String line = progress(incident);
      if (!line.equals(last)) {
        out.println("  " + line);
        last = line;
      }
      if (IncidentState.isTerminal(incident.path("state").asText()) || Instant.now().isAfter(end)) {
        return api.get("/api/v1/incidents/" + incidentId).body();
      }
      Thread.sleep(50);
    }
  }

  private static String progress(JsonNode incident) {
    StringBuilder line = new StringBuilder(incident.path("state").asText());
    for (JsonNode step : incident.path("steps")) {
      line.append(String.format("  | %s: %d/%d done", step.path("name").asText(),
          step.path("total").asInt() - step.path("pending").asInt(), step.path("total").asInt()));
    }
    return line.toString();
  }

  /** From the alert being sent to the newest per-host result. */
  static Duration alertToLastResult(JsonNode incident, Instant sent) {
    Instant last = sent;
    for (JsonNode host : incident.path("hosts")) {
      if (host.hasNonNull("finishedAt")) {
        Instant finished = Instant.parse(host.path("finishedAt").asText());
        last = finished.isAfter(last) ? finished : last;
      }
    }
    return Duration.between(sent, last);
  }

  static void printSummary(JsonNode incident, Duration alertToLastResult, PrintStream out) {
    out.printf("Incident %s: %s (%d targets)%n", incident.path("incidentId").asText(),
        incident.path("state").asText(), incident.path("targetCount").asInt());
    out.printf("  %-18s %-17s %6s %9s %7s %9s %11s%n",
        "step", "action", "total", "succeeded", "failed", "rejected", "unreachable");
    for (JsonNode step : incident.path("steps")) {
      out.printf("  %-18s %-17s %6d %9d %7d %9d %11d%n", step.path("name").asText(),
          step.path("action").asText(), step.path("total").asInt(), step.path("succeeded").asInt(),
          step.path("failed").asInt(), step.path("rejected").asInt(), step.path("unreachable").asInt());
    }
    JsonNode hosts = incident.path("hosts");
    out.println("  per-host results (first 3 of " + hosts.size() + "):");
    for (int i = 0; i < Math.min(3, hosts.size()); i++) {
      JsonNode host = hosts.get(i);
      out.printf("    %-9s %-6s %-16s %-10s %s%n", host.path("host").asText(), host.path("partition").asText(),
          host.path("step").asText(), host.path("outcome").asText(), host.path("evidence"));
    }
    printStepTimes(incident, out);
    out.printf("Alert -> last host result: %d ms%n", alertToLastResult.toMillis());
  }

  /** For each step: from its first command starting to its last result, as the hosts report it. */
  private static void printStepTimes(JsonNode incident, PrintStream out) {
    java.util.Map<String, Instant[]> spans = new java.util.LinkedHashMap<>();
    for (JsonNode host : incident.path("hosts")) {
      if (!host.hasNonNull("startedAt") || !host.hasNonNull("finishedAt")) {
        continue;
      }
      Instant started = Instant.parse(host.path("startedAt").asText());
      Instant finished = Instant.parse(host.path("finishedAt").asText());
      spans.merge(host.path("step").asText(), new Instant[] {started, finished}, (a, b) -> new Instant[] {
          a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
    }
    spans.forEach((step, span) -> out.printf("  step %s: first command started %s, last result %s (%d ms)%n",
        step, span[0], span[1], Duration.between(span[0], span[1]).toMillis()));
  }

  /** Checks on the simulated hosts themselves that each was isolated, exactly once. */
  static boolean checkHosts(SimulatedFleet fleet, int hostCount, PrintStream out) {
    long isolated = fleet.hosts().values().stream().filter(SimulatedHostState::isolated).count();
    long isolateExecutions = fleet.totalExecutions("isolate-host");
    boolean ok = isolated == hostCount && isolateExecutions == hostCount;
    out.printf("On the hosts: %d/%d isolated, isolate-host executed %d times (%s)%n",
        isolated, hostCount, isolateExecutions, ok ? "exactly once each" : "MISMATCH");
    return ok;
  }
}
