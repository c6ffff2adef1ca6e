package io.firebreak.orchestrator.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import io.firebreak.orchestrator.playbook.ActionCatalog;
import io.firebreak.orchestrator.playbook.PlaybookError;
import io.firebreak.orchestrator.playbook.PlaybookException;
import io.firebreak.orchestrator.playbook.PlaybookLoader;
import io.firebreak.orchestrator.playbook.internal.LocatedYaml;
import io.firebreak.orchestrator.playbook.internal.SchemaCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a policy file (YAML, schema {@code policy/policy.schema.json}) and checks what the schema
 * cannot: known actions, increasing tiers, grant lifetimes within the maximum. Every problem is
 * reported as {@code file:line:column: field: message}; nothing half-loaded is ever returned.
 */
public final class PolicyLoader {
  public static final String SCHEMA_RESOURCE = "policy/policy.schema.json";
  private static final JsonSchema SCHEMA = SchemaCheck.load(SCHEMA_RESOURCE);

  private PolicyLoader() {}

  public static Policy load(Path file) throws PlaybookException {
    try {
      return parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new PlaybookException(List.of(new PlaybookError(file.toString(), 0, 0, "$", "cannot read: " + e.getMessage())));
    }
  }

  public static Policy parse(String source, String yaml) throws PlaybookException {
    List<PlaybookError> errors = new ArrayList<>();
    LocatedYaml document = SchemaCheck.read(source, yaml, errors);
    if (!document.root().isObject()) {
      throw new PlaybookException(List.of(new PlaybookError(source, 1, 1, "$", "a policy must be a YAML mapping")));
    }
    errors.addAll(SchemaCheck.check(source, document, SCHEMA));
    if (!errors.isEmpty()) {
      throw new PlaybookException(errors);
    }
    JsonNode root = document.root();
    Duration requestTtl = duration(root.path("approvals"), "requestTtl", Duration.ofMinutes(30));
    List<Policy.Tier> tiers = new ArrayList<>();
    JsonNode escalation = root.path("approvals").path("escalation");
    for (int i = 0; i < escalation.size(); i++) {
      JsonNode tier = escalation.get(i);
      int number = tier.path("tier").asInt();
      if (!tiers.isEmpty() && number <= tiers.get(tiers.size() - 1).tier()) {
        errors.add(error(source, document, "$.approvals.escalation[" + i + "].tier",
            "tiers must increase (tier " + number + " after tier " + tiers.get(tiers.size() - 1).tier() + ")"));
      }
      tiers.add(new Policy.Tier(number, PlaybookLoader.duration(tier.path("wait").asText())));
    }
    if (tiers.isEmpty()) {
      tiers = Policy.STRICT.tiers();
    }
    Duration defaultGrant = duration(root.path("grants"), "defaultTtl", Duration.ofHours(1));
    Duration maxGrant = duration(root.path("grants"), "maxTtl", Duration.ofHours(4));
    if (defaultGrant.compareTo(maxGrant) > 0) {
      errors.add(error(source, document, "$.grants.defaultTtl", "longer than grants.maxTtl (" + maxGrant + ")"));
    }
    List<Policy.Rule> rules = new ArrayList<>();
    JsonNode ruleNodes = root.path("rules");
    for (int i = 0; i < ruleNodes.size(); i++) {
      JsonNode rule = ruleNodes.get(i);
      String path = "$.rules[" + i + "]";
      Set<String> actions = new LinkedHashSet<>();
      for (int a = 0; a < rule.path("actions").size(); a++) {
        String action = rule.path("actions").get(a).asText();
        if (!action.equals("*") && ActionCatalog.find(action).isEmpty()) {
          errors.add(error(source, document, path + ".actions[" + a + "]",
              "unknown action '" + action + "'; known: " + ActionCatalog.names()));
        }
        actions.add(action);
      }
      Set<String> partitions = null;
      if (rule.has("partitions")) {
        partitions = new LinkedHashSet<>();
        for (JsonNode partition : rule.path("partitions")) {
          partitions.add(partition.asText());
        }
      }
      Duration grantTtl = rule.has("grantTtl") ? PlaybookLoader.duration(rule.path("grantTtl").asText()) : null;
      if (grantTtl != null && grantTtl.compareTo(maxGrant) > 0) {
        errors.add(error(source, document, path + ".grantTtl", "longer than grants.maxTtl (" + maxGrant + ")"));
      }
      rules.add(new Policy.Rule(actions, partitions, rule.path("approvals").asInt(),
          grantTtl, document.positionOf(path).line()));
    }
    JsonNode blast = root.path("blastRadius");
    if (!errors.isEmpty()) {
      throw new PlaybookException(errors);
    }
    return new Policy(requestTtl, tiers, defaultGrant, maxGrant, blast.path("maxAutonomousHosts").asInt(20),
        blast.path("wholePartition").asInt(1), blast.path("irreversible").asInt(2), rules, source);
  }

  private static Duration duration(JsonNode parent, String field, Duration fallback) {
    return parent.has(field) ? PlaybookLoader.duration(parent.path(field).asText()) : fallback;
  }

  private static PlaybookError error(String source, LocatedYaml document, String path, String message) {
    LocatedYaml.Position position = document.positionOf(path);
    return new PlaybookError(source, position.line(), position.column(), SchemaCheck.field(path), message);
  }
}
