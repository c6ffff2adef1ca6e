package io.firebreak.orchestrator.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.orchestrator.playbook.internal.LocatedYaml;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The checks a JSON Schema cannot express, run once the document matches the schema. */
final class Semantics {
  private final String file;
  private final LocatedYaml document;
  private final List<PlaybookError> errors = new ArrayList<>();

  Semantics(String file, LocatedYaml document) {
    this.file = file;
    this.document = document;
  }

  List<PlaybookError> check() {
    JsonNode root = document.root();
    checkTargets(root.path("targets"));
    Map<String, Integer> stepNames = new HashMap<>();
    JsonNode steps = root.path("steps");
    for (int i = 0; i < steps.size(); i++) {
      JsonNode step = steps.get(i);
      String path = "$.steps[" + i + "]";
      String name = step.path("name").asText();
      Integer first = stepNames.putIfAbsent(name, i);
      if (first != null) {
        error(path + ".name", "duplicate step name '" + name + "' (first used by steps[" + first + "])");
      }
      String action = step.path("action").asText();
      if (ActionCatalog.find(action).isEmpty()) {
        error(path + ".action", "unknown action '" + action + "' (known: " + String.join(", ", ActionCatalog.names()) + ")");
      }
      if (step.has("hostTimeout")
          && !PlaybookLoader.durationInRange(PlaybookLoader.duration(step.path("hostTimeout").asText()))) {
        error(path + ".hostTimeout", "'" + step.path("hostTimeout").asText() + "' must be more than 0 and at most 1h");
      }
    }
    checkRollout(root.path("rollout"));
    JsonNode triggers = root.path("triggers");
    for (int i = 0; i < triggers.size(); i++) {
      if (triggers.get(i).has("severity") && triggers.get(i).has("minSeverity")) {
        error("$.triggers[" + i + "].minSeverity", "give either severity or minSeverity, not both");
      }
    }
    return errors;
  }

  private void checkRollout(JsonNode rollout) {
    if (rollout.has("waves") && rollout.has("waveSize")) {
      error("$.rollout.waveSize", "give either waves or waveSize, not both");
    }
    checkAmount("$.rollout.canary", rollout.get("canary"));
    JsonNode waves = rollout.path("waves");
    for (int i = 0; i < waves.size(); i++) {
      checkAmount("$.rollout.waves[" + i + "]", waves.get(i));
    }
    checkAmount("$.rollout.errorBudget.perWave", rollout.path("errorBudget").get("perWave"));
    checkAmount("$.rollout.errorBudget.overall", rollout.path("errorBudget").get("overall"));
    if (rollout.has("pause") && PlaybookLoader.duration(rollout.path("pause").asText()) == null) {
      error("$.rollout.pause", "not a duration: " + rollout.path("pause").asText());
    }
  }

  private void checkAmount(String path, JsonNode amount) {
    if (amount == null) {
      return;
    }
    try {
      io.firebreak.orchestrator.incident.Amount.parse(amount.asText());
    } catch (IllegalArgumentException e) {
      error(path, e.getMessage());
    }
  }

  private void checkTargets(JsonNode targets) {
    boolean selects = targets.path("alertHost").asBoolean(false) || targets.path("alertPartition").asBoolean(false)
        || targets.path("hosts").size() > 0 || targets.path("partitions").size() > 0 || targets.has("selector");
    if (!selects) {
      error("$.targets", "selects no host: give alertHost, alertPartition, hosts, partitions or selector");
    }
    if (targets.has("selector")) {
      try {
        LabelSelector.parse(targets.path("selector").asText());
      } catch (IllegalArgumentException e) {
        error("$.targets.selector", "bad selector: " + e.getMessage());
      }
    }
  }

  private void error(String path, String message) {
    LocatedYaml.Position position = document.positionOf(path);
    errors.add(new PlaybookError(file, position.line(), position.column(),
        io.firebreak.orchestrator.playbook.internal.SchemaCheck.field(path), message));
  }
}
