package io.firebreak.orchestrator.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.orchestrator.playbook.internal.LocatedYaml;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks a JSON Schema cannot express, run once the document matches the schema: known
 * actions, unique step names, durations and amounts, and that each kind of step has its kind of
 * target (hosts for agent actions, Microsoft tenants for orchestrator actions such as
 * {@code revoke-gdap}) and no other.
 */
final class Semantics {
  private final String file;
  private final LocatedYaml document;
  private final List<PlaybookError> errors = new ArrayList<>();
  /** Indexes of steps whose action runs on hosts, and of those that run in the orchestrator. */
  private final List<Integer> hostSteps = new ArrayList<>();
  private final List<Integer> orchestratorSteps = new ArrayList<>();

  Semantics(String file, LocatedYaml document) {
    this.file = file;
    this.document = document;
  }

  List<PlaybookError> check() {
    JsonNode root = document.root();
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
      Optional<ActionCatalog.ActionInfo> info = ActionCatalog.find(action);
      if (info.isEmpty()) {
        error(path + ".action", "unknown action '" + action + "' (known: " + String.join(", ", ActionCatalog.names()) + ")");
      } else if (info.get().where() == ActionCatalog.Location.ORCHESTRATOR) {
        orchestratorSteps.add(i);
        for (String hostOnly : List.of("batchSize", "hostTimeout")) {
          if (step.has(hostOnly)) {
            error(path + "." + hostOnly, "'" + action + "' runs once in the orchestrator, not on hosts: remove "
                + hostOnly);
          }
        }
      } else {
        hostSteps.add(i);
      }
      if (step.has("hostTimeout") && !orchestratorSteps.contains(i)
          && !PlaybookLoader.durationInRange(PlaybookLoader.duration(step.path("hostTimeout").asText()))) {
        error(path + ".hostTimeout", "'" + step.path("hostTimeout").asText() + "' must be more than 0 and at most 1h");
      }
    }
    checkTargets(root, steps);
    checkTenants(root, steps);
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
    if (!rollout.isMissingNode() && hostSteps.isEmpty() && !orchestratorSteps.isEmpty()) {
      error("$.rollout", "no step runs on hosts, so waves and error budgets do not apply: remove rollout");
      return;
    }
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

  /** Host targets: required by steps that run on hosts, and meaningless without one. */
  private void checkTargets(JsonNode root, JsonNode steps) {
    JsonNode targets = root.path("targets");
    if (!root.has("targets")) {
      if (!hostSteps.isEmpty()) {
        int first = hostSteps.get(0);
        error("$.steps[" + first + "].action", "'" + steps.get(first).path("action").asText()
            + "' runs on hosts, but the playbook has no targets: give targets with alertHost, alertPartition,"
            + " hosts, partitions or selector");
      }
      return;
    }
    if (hostSteps.isEmpty() && !orchestratorSteps.isEmpty()) {
      error("$.targets", "no step runs on hosts (they all run in the orchestrator, on tenants): remove targets");
      return;
    }
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

  /** Tenant targets: required by steps that run in the orchestrator, and meaningless without one. */
  private void checkTenants(JsonNode root, JsonNode steps) {
    JsonNode tenants = root.path("tenants");
    if (!root.has("tenants")) {
      if (!orchestratorSteps.isEmpty()) {
        int first = orchestratorSteps.get(0);
        error("$.steps[" + first + "].action", "'" + steps.get(first).path("action").asText()
            + "' runs once in the orchestrator on Microsoft tenants, but the playbook has no tenants: give tenants"
            + " with fromAlert, customers or all");
      }
      return;
    }
    if (orchestratorSteps.isEmpty()) {
      error("$.tenants", "no step acts on tenants (only orchestrator actions such as revoke-gdap do): remove tenants");
      return;
    }
    boolean fromAlert = tenants.path("fromAlert").asBoolean(false);
    boolean all = tenants.path("all").asBoolean(false);
    if (!fromAlert && !all && tenants.path("customers").size() == 0) {
      error("$.tenants", "selects no tenant: give fromAlert: true, customers or all: true");
    }
    if (all && (fromAlert || tenants.path("customers").size() > 0)) {
      error("$.tenants.all", "all customers of the partner already includes every other choice: give all alone");
    }
    if (tenants.has("whenAlertNamesNone") && !fromAlert) {
      error("$.tenants.whenAlertNamesNone", "applies only with fromAlert: true");
    }
  }

  private void error(String path, String message) {
    LocatedYaml.Position position = document.positionOf(path);
    errors.add(new PlaybookError(file, position.line(), position.column(),
        io.firebreak.orchestrator.playbook.internal.SchemaCheck.field(path), message));
  }
}
