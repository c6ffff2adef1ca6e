package io.firebreak.cli.incident;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.cli.output.Json;
import io.firebreak.cli.output.Table;
import java.io.PrintWriter;

/** Incidents as tables and key-value blocks for people. */
public final class IncidentPrinter {
  private IncidentPrinter() {}

  public static void list(PrintWriter out, JsonNode incidents) {
    if (incidents.isEmpty()) {
      out.println("No incidents.");
      out.flush();
      return;
    }
    Table table = new Table("ID", "PLAYBOOK", "STATE", "HOSTS", "REQUESTED BY", "UPDATED");
    incidents.forEach(incident -> table.row(Json.text(incident, "incidentId", null), Json.text(incident, "playbook", null),
        Json.text(incident, "state", null), Json.text(incident, "targetCount", null),
        Json.text(incident, "requestedBy", null), Json.time(incident, "updatedAt")));
    table.print(out);
  }

  public static void show(PrintWriter out, JsonNode incident) {
    out.println("incident:      " + Json.text(incident, "incidentId", "?"));
    out.println("playbook:      " + Json.text(incident, "playbook", "?") + " (" + Json.text(incident, "mode", "?") + ")");
    out.println("state:         " + Json.text(incident, "state", "?"));
    out.println("hosts:         " + incident.path("targetCount").asInt()
        + (incident.path("unknownHosts").isEmpty() ? "" : "  (unknown: " + join(incident.path("unknownHosts")) + ")"));
    out.println("requested by:  " + Json.text(incident, "requestedBy", "?")
        + (incident.hasNonNull("justification") ? ": " + incident.get("justification").asText() : ""));
    if (incident.hasNonNull("decidedBy") || incident.hasNonNull("decisionReason")) {
      out.println("decision:      " + Json.text(incident, "decidedBy", "-") + ": " + Json.text(incident, "decisionReason", "-"));
    }
    if (incident.hasNonNull("abortReason")) {
      out.println("stopped:       " + incident.get("abortReason").asText());
    }
    if (incident.hasNonNull("error")) {
      out.println("error:         " + incident.get("error").asText());
    }
    out.println("alerts:        " + incident.path("alertCount").asInt());
    out.println("created:       " + Json.time(incident, "createdAt"));
    out.println("updated:       " + Json.time(incident, "updatedAt"));
    if (!incident.path("steps").isEmpty()) {
      out.println();
      Table steps = new Table("STEP", "ACTION", "STATE", "TOTAL", "DONE", "FAILED", "REJECTED", "UNREACHABLE",
          "ROLLED BACK", "SKIPPED", "PENDING");
      incident.path("steps").forEach(step -> steps.row(Json.text(step, "name", null), Json.text(step, "action", null),
          Json.text(step, "state", null), step.path("total").asInt(), step.path("succeeded").asInt(),
          step.path("failed").asInt(), step.path("rejected").asInt(), step.path("unreachable").asInt(),
          step.path("rolledBack").asInt(), step.path("skipped").asInt(), step.path("pending").asInt()));
      steps.print(out);
    }
    if (!incident.path("hosts").isEmpty()) {
      out.println();
      Table hosts = new Table("STEP", "HOST", "PARTITION", "OUTCOME", "DETAIL");
      incident.path("hosts").forEach(host -> hosts.row(Json.text(host, "step", null), Json.text(host, "host", null),
          Json.text(host, "partition", null), Json.text(host, "outcome", null), Json.text(host, "detail", null)));
      hosts.print(out);
      if (incident.path("hostsTruncated").asBoolean()) {
        out.println("(more hosts: raise --hosts)");
      }
    }
    out.flush();
  }

  private static String join(JsonNode values) {
    StringBuilder text = new StringBuilder();
    values.forEach(value -> text.append(text.length() == 0 ? "" : ", ").append(value.asText()));
    return text.toString();
  }
}
