package io.firebreak.cli.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.cli.CliCommand;
import io.firebreak.cli.ExitCodes;
import io.firebreak.cli.connection.ApiClient;
import io.firebreak.cli.output.Json;
import io.firebreak.cli.output.OutputOptions;
import io.firebreak.cli.output.Table;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code firebreak playbook ...}: the server's playbooks, planning and running them, local validation. */
@Command(name = "playbook", description = "List, show, validate, plan and run playbooks.",
    subcommands = {PlaybookValidateCommand.class, PlaybookPlanCommand.class, PlaybookRunCommand.class})
public final class PlaybookCommand extends CliCommand {
  @Command(name = "list", description = "List the playbooks the server loaded.")
  int list(@Mixin OutputOptions output) {
    JsonNode playbooks = api().get("/api/v1/playbooks");
    if (output.json()) {
      Json.print(out(), playbooks);
      return ExitCodes.OK;
    }
    Table table = new Table("NAME", "MODE", "STEPS", "TRIGGERS", "DESCRIPTION");
    for (JsonNode playbook : playbooks) {
      List<String> triggers = new ArrayList<>();
      playbook.path("triggers").forEach(trigger -> triggers.add(trigger.path("type").asText()));
      List<String> steps = new ArrayList<>();
      playbook.path("steps").forEach(step -> steps.add(step.path("action").asText()));
      table.row(Json.text(playbook, "name", null), Json.text(playbook, "mode", null), String.join(" -> ", steps),
          triggers.isEmpty() ? "(run by hand)" : String.join(", ", triggers), Json.text(playbook, "description", null));
    }
    table.print(out());
    return ExitCodes.OK;
  }

  @Command(name = "show", description = "Show one playbook: triggers, targets, rollout and steps.")
  int show(@Parameters(paramLabel = "NAME", description = "Playbook name.") String name, @Mixin OutputOptions output) {
    JsonNode playbook = api().get("/api/v1/playbooks/" + ApiClient.segment(name));
    if (output.json()) {
      Json.print(out(), playbook);
      return ExitCodes.OK;
    }
    PrintWriter out = out();
    out.println("name:         " + Json.text(playbook, "name", "?"));
    out.println("mode:         " + Json.text(playbook, "mode", "?")
        + ("approval".equals(Json.text(playbook, "mode", "")) ? " (an approver must agree before anything runs)" : ""));
    out.println("description:  " + Json.text(playbook, "description", ""));
    out.println("file:         " + Json.text(playbook, "source", "?"));
    List<String> triggers = new ArrayList<>();
    playbook.path("triggers").forEach(trigger -> triggers.add(Triggers.describe(trigger)));
    out.println("triggers:     " + (triggers.isEmpty() ? "none (run by hand)" : String.join("; ", triggers)));
    out.println("targets:      " + compact(playbook.path("targets")));
    out.println("rollout:      " + compact(playbook.path("rollout")));
    out.println();
    Table steps = new Table("STEP", "ACTION", "BATCH", "HOST TIMEOUT", "PARAMETERS");
    playbook.path("steps").forEach(step -> steps.row(Json.text(step, "name", null), Json.text(step, "action", null),
        Json.text(step, "batchSize", null), Json.duration(step, "hostTimeout"), compact(step.path("parameters"))));
    steps.print(out);
    return ExitCodes.OK;
  }

  /** A JSON object on one line without empty fields: {@code selector=role=web, hosts=[a, b]}. */
  static String compact(JsonNode object) {
    List<String> parts = new ArrayList<>();
    object.fields().forEachRemaining(field -> {
      JsonNode value = field.getValue();
      boolean empty = value.isNull() || (value.isContainerNode() && value.isEmpty()) || (value.isBoolean() && !value.asBoolean())
          || (value.isNumber() && value.asDouble() == 0);
      if (!empty) {
        parts.add(field.getKey() + "=" + (value.isTextual() ? value.asText() : value.toString()));
      }
    });
    return parts.isEmpty() ? "-" : String.join(", ", parts);
  }

  /** Human text for one trigger. */
  static final class Triggers {
    private Triggers() {}

    static String describe(JsonNode trigger) {
      StringBuilder text = new StringBuilder(trigger.path("type").asText());
      if (!trigger.path("severities").isEmpty()) {
        List<String> severities = new ArrayList<>();
        trigger.path("severities").forEach(severity -> severities.add(severity.asText()));
        text.append(" severity ").append(String.join("|", severities));
      }
      if (trigger.hasNonNull("minSeverity")) {
        text.append(" severity >= ").append(trigger.get("minSeverity").asText());
      }
      if (trigger.hasNonNull("source")) {
        text.append(" from ").append(trigger.get("source").asText());
      }
      return text.toString();
    }
  }
}
