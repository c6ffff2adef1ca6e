package io.firebreak.cli.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.cli.output.Json;
import io.firebreak.cli.output.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints a plan ({@code POST .../plan}, or a dry run) for people. */
final class PlanPrinter {
  private PlanPrinter() {}

  static void print(PrintWriter out, JsonNode plan) {
    boolean approval = plan.path("approvalRequired").asBoolean();
    out.println("Plan for " + Json.text(plan, "playbook", "?") + " (" + Json.text(plan, "mode", "?") + "; "
        + (approval ? "an approver must approve it before anything runs" : "runs without approval") + ")");
    JsonNode targets = plan.path("targets");
    List<String> partitions = new ArrayList<>();
    targets.path("partitions").fields().forEachRemaining(partition ->
        partitions.add(partition.getKey() + ": " + partition.getValue().path("count").asInt()));
    out.println("targets:      " + targets.path("total").asInt() + " hosts"
        + (partitions.isEmpty() ? "" : " (" + String.join(", ", partitions) + ")"));
    printList(out, "not connected", targets.path("notConnected"));
    printList(out, "unknown hosts", targets.path("unknownHosts"));
    List<String> waves = new ArrayList<>();
    plan.path("waves").forEach(wave -> waves.add(wave.asText()));
    out.println("waves:        " + (waves.size() <= 1 ? "one wave" : waves.size() + " waves of " + String.join(", ", waves) + " hosts"));
    List<String> irreversible = new ArrayList<>();
    plan.path("irreversibleSteps").forEach(step -> irreversible.add(step.asText()));
    out.println("irreversible: " + (irreversible.isEmpty() ? "none" : String.join(", ", irreversible) + " (cannot be rolled back)"));
    out.println("digest:       " + Json.text(plan, "digest", "-"));
    out.println();
    Table steps = new Table("STEP", "ACTION", "UNDONE BY", "BATCH", "HOST TIMEOUT", "PARAMETERS");
    plan.path("steps").forEach(step -> steps.row(Json.text(step, "name", null), Json.text(step, "action", null),
        step.path("irreversible").asBoolean() ? "(irreversible)" : Json.text(step, "inverse", "(nothing to undo)"),
        Json.text(step, "batchSize", null), step.path("hostTimeoutMs").asLong() / 1000 + "s",
        PlaybookCommand.compact(step.path("parameters"))));
    steps.print(out);
  }

  private static void printList(PrintWriter out, String label, JsonNode hosts) {
    if (hosts.isEmpty()) {
      return;
    }
    List<String> names = new ArrayList<>();
    hosts.forEach(host -> names.add(host.asText()));
    String shown = names.size() > 10 ? String.join(", ", names.subList(0, 10)) + ", ... (" + names.size() + ")" : String.join(", ", names);
    out.println(String.format("%-14s%s", label + ":", shown));
  }
}
