package io.firebreak.cli.playbook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firebreak.cli.KeyValues;
import io.firebreak.cli.output.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Which hosts a plan or run acts on: {@code --host}, {@code --partition}, {@code --label} (ANDed
 * into one selector) and {@code --exclude}. None of them: the playbook's own targets.
 */
public final class TargetOptions {
  @Option(names = "--host", paramLabel = "HOST", description = "A host to act on (repeatable).")
  private List<String> hosts = new ArrayList<>();

  @Option(names = "--partition", paramLabel = "P", description = "Every host of this partition (repeatable; with --label: those matching).")
  private List<String> partitions = new ArrayList<>();

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Hosts with this label (repeatable; all must match).")
  private List<String> labels = new ArrayList<>();

  @Option(names = "--exclude", paramLabel = "HOST", description = "Leave this host out (repeatable).")
  private List<String> exclude = new ArrayList<>();

  /** Adds the targets to a run or plan request body; nothing when no target option was given. */
  void addTo(ObjectNode body, List<String> extraHosts) {
    List<String> allHosts = new ArrayList<>(hosts);
    allHosts.addAll(extraHosts);
    String selector = KeyValues.selector(labels);
    if (!allHosts.isEmpty()) {
      body.set("hosts", array(allHosts));
    }
    if (!partitions.isEmpty()) {
      body.set("partitions", array(partitions));
    }
    if (selector != null) {
      body.put("selector", selector);
    }
    if (!exclude.isEmpty()) {
      body.set("exclude", array(exclude));
    }
  }

  /** Run parameters as a JSON object, or null when none were given. */
  static ObjectNode parameters(List<String> pairs) {
    Map<String, String> parsed = KeyValues.parse("--param", pairs);
    if (parsed.isEmpty()) {
      return null;
    }
    ObjectNode parameters = Json.object();
    parsed.forEach(parameters::put);
    return parameters;
  }

  private static ArrayNode array(List<String> values) {
    ArrayNode array = Json.MAPPER.createArrayNode();
    values.forEach(array::add);
    return array;
  }
}
