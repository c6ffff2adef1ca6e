package io.firebreak.orchestrator.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.orchestrator.incident.RolloutSpec;
import io.firebreak.orchestrator.playbook.internal.LocatedYaml;
import io.firebreak.orchestrator.playbook.internal.SchemaCheck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads and validates playbooks: YAML syntax, the JSON Schema ({@code playbooks/playbook.schema.json}),
 * then what a schema cannot say (known actions, unique step names, selector syntax, that host
 * targets select a host when a step runs on hosts and tenant targets a tenant when a step runs in
 * the orchestrator). Reports every error of every file with file, line, column and field.
 * Stateless and thread-safe.
 */
public final class PlaybookLoader {
  private static final Duration MAX_HOST_TIMEOUT = Duration.ofHours(1);

  private PlaybookLoader() {}

  /** Every {@code *.yaml} / {@code *.yml} file of {@code dir}, all validated before any is used. */
  public static List<Playbook> loadDirectory(Path dir) throws PlaybookException {
    if (!Files.isDirectory(dir)) {
      throw new PlaybookException(List.of(new PlaybookError(dir.toString(), 0, 0, "$", "playbook directory not found")));
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(path -> path.toString().endsWith(".yaml") || path.toString().endsWith(".yml"))
          .sorted(Comparator.comparing(Path::toString))
          .toList();
    } catch (IOException e) {
      throw new PlaybookException(List.of(new PlaybookError(dir.toString(), 0, 0, "$", "cannot list: " + e.getMessage())));
    }
    List<PlaybookError> errors = new ArrayList<>();
    List<Playbook> playbooks = new ArrayList<>();
    Map<String, Playbook> byName = new HashMap<>();
    for (Path file : files) {
      try {
        Playbook playbook = loadFile(file);
        Playbook previous = byName.putIfAbsent(playbook.name(), playbook);
        if (previous != null) {
          errors.add(new PlaybookError(playbook.source(), 1, 1, "name",
              "playbook name '" + playbook.name() + "' is already used by " + previous.source()));
        }
        playbooks.add(playbook);
      } catch (PlaybookException e) {
        errors.addAll(e.errors());
      }
    }
    if (!errors.isEmpty()) {
      throw new PlaybookException(errors);
    }
    return playbooks;
  }

  public static Playbook loadFile(Path file) throws PlaybookException {
    try {
      return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new PlaybookException(List.of(new PlaybookError(file.toString(), 0, 0, "$", "cannot read: " + e.getMessage())));
    }
  }

  /** Parses and validates one playbook; {@code sourceName} is used in error messages. */
  public static Playbook parse(String sourceName, String yaml) throws PlaybookException {
    List<PlaybookError> errors = new ArrayList<>();
    LocatedYaml document = SchemaCheck.read(sourceName, yaml, errors);
    if (!document.root().isObject()) {
      errors.add(new PlaybookError(sourceName, 1, 1, "$", "a playbook must be a YAML mapping"));
    } else {
      errors.addAll(SchemaCheck.check(sourceName, document));
    }
    if (document.root().isObject()) {
      // Semantic checks run too, so one pass reports every mistake; a field the schema already
      // refused is not reported twice.
      java.util.Set<String> refused = new java.util.HashSet<>();
      errors.forEach(error -> refused.add(error.field()));
      new Semantics(sourceName, document).check().stream()
          .filter(error -> !refused.contains(error.field()))
          .forEach(errors::add);
    }
    if (!errors.isEmpty()) {
      errors.sort(Comparator.comparingInt(PlaybookError::line).thenComparing(PlaybookError::field));
      throw new PlaybookException(errors);
    }
    return build(sourceName, document.root());
  }

  private static Playbook build(String source, JsonNode root) {
    List<Trigger> triggers = new ArrayList<>();
    for (JsonNode trigger : root.path("triggers")) {
      triggers.add(new Trigger(trigger.path("type").asText(), strings(trigger.get("severity")),
          text(trigger, "minSeverity"), text(trigger, "source")));
    }
    JsonNode targets = root.path("targets");
    PlaybookTargets boundTargets = new PlaybookTargets(targets.path("alertHost").asBoolean(false),
        targets.path("alertPartition").asBoolean(false), strings(targets.get("hosts")),
        strings(targets.get("partitions")), text(targets, "selector"), strings(targets.get("exclude")));
    List<PlaybookStep> steps = new ArrayList<>();
    for (JsonNode step : root.path("steps")) {
      Map<String, String> parameters = new LinkedHashMap<>();
      step.path("parameters").fields().forEachRemaining(entry -> parameters.put(entry.getKey(), entry.getValue().asText()));
      steps.add(new PlaybookStep(step.path("name").asText(), step.path("action").asText(), parameters,
          step.path("batchSize").asInt(PlaybookStep.DEFAULT_BATCH_SIZE),
          step.has("hostTimeout") ? duration(step.path("hostTimeout").asText()) : PlaybookStep.DEFAULT_HOST_TIMEOUT));
    }
    return new Playbook(root.path("name").asText(), root.path("description").asText(),
        root.path("mode").asText(), triggers, boundTargets, tenants(root.get("tenants")), steps,
        rollout(root.path("rollout")), source);
  }

  private static PlaybookTenants tenants(JsonNode tenants) {
    if (tenants == null || tenants.isNull()) {
      return null;
    }
    List<String> customers = strings(tenants.get("customers")).stream()
        .map(io.firebreak.orchestrator.gdap.TenantIds::canonical).toList();
    return new PlaybookTenants(tenants.path("fromAlert").asBoolean(false), text(tenants, "whenAlertNamesNone"),
        customers, tenants.path("all").asBoolean(false));
  }

  private static RolloutSpec rollout(JsonNode rollout) {
    if (rollout.isMissingNode()) {
      return RolloutSpec.ALL_AT_ONCE;
    }
    JsonNode budget = rollout.path("errorBudget");
    Duration pause = rollout.has("pause") ? duration(rollout.path("pause").asText()) : Duration.ZERO;
    Duration offlineWait = rollout.has("offlineWait") ? duration(rollout.path("offlineWait").asText()) : Duration.ZERO;
    return new RolloutSpec(text(rollout, "canary"), strings(rollout.get("waves")), rollout.path("waveSize").asInt(0),
        rollout.path("maxConcurrency").asInt(0), pause == null ? 0 : pause.toMillis(), text(budget, "perWave"),
        text(budget, "overall"), offlineWait == null ? 0 : offlineWait.toMillis());
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}; null when malformed. */
  public static Duration duration(String text) {
    java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("([0-9]{1,9})(ms|s|m|h)").matcher(text);
    if (!matcher.matches()) {
      return null;
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  static boolean durationInRange(Duration duration) {
    return duration != null && !duration.isZero() && duration.compareTo(MAX_HOST_TIMEOUT) <= 0;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    if (array != null) {
      array.forEach(item -> values.add(item.asText()));
    }
    return values;
  }
}
