package io.firebreak.orchestrator.playbook.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.StringReader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML document converted to a Jackson tree, remembering where every value (and every mapping
 * key) starts, by JSON path ({@code $}, {@code $.steps[0].action}), so validation errors can name
 * file and line. Duplicate mapping keys are reported, not silently merged.
 */
public final class LocatedYaml {
  /** A 1-based position. */
  public record Position(int line, int column) {}

  /** A duplicate key found while converting. */
  public record DuplicateKey(String path, Position position) {}

  private final JsonNode root;
  private final Map<String, Position> values = new HashMap<>();
  private final Map<String, Position> keys = new HashMap<>();
  private final List<DuplicateKey> duplicates = new java.util.ArrayList<>();

  private LocatedYaml(Node document) {
    this.root = document == null ? JsonNodeFactory.instance.nullNode() : convert(document, "$");
  }

  /** Parses one YAML document; syntax errors surface as SnakeYAML's MarkedYAMLException. */
  public static LocatedYaml parse(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(true); // detected and reported by convert()
    options.setMaxAliasesForCollections(10);
    return new LocatedYaml(new Yaml(options).compose(new StringReader(text)));
  }

  public JsonNode root() {
    return root;
  }

  public List<DuplicateKey> duplicates() {
    return duplicates;
  }

  /** Where the value at {@code path} starts; for an absent path, its nearest present parent. */
  public Position positionOf(String path) {
    String current = path;
    while (true) {
      Position position = values.get(current);
      if (position != null) {
        return position;
      }
      int cut = Math.max(current.lastIndexOf('.'), current.lastIndexOf('['));
      if (cut <= 0) {
        return values.getOrDefault("$", new Position(1, 1));
      }
      current = current.substring(0, cut);
    }
  }

  /** Where the key of the property at {@code path} is written, falling back to its value. */
  public Position keyPositionOf(String path) {
    Position key = keys.get(path);
    return key != null ? key : positionOf(path);
  }

  private JsonNode convert(Node node, String path) {
    values.put(path, position(node.getStartMark()));
    if (node instanceof MappingNode mapping) {
      ObjectNode object = JsonNodeFactory.instance.objectNode();
      for (NodeTuple tuple : mapping.getValue()) {
        String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "?";
        String childPath = path + "." + key;
        if (object.has(key)) {
          duplicates.add(new DuplicateKey(childPath, position(tuple.getKeyNode().getStartMark())));
          continue;
        }
        keys.put(childPath, position(tuple.getKeyNode().getStartMark()));
        object.set(key, convert(tuple.getValueNode(), childPath));
      }
      return object;
    }
    if (node instanceof SequenceNode sequence) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        array.add(convert(items.get(i), path + "[" + i + "]"));
      }
      return array;
    }
    return scalar((ScalarNode) node);
  }

  private static JsonNode scalar(ScalarNode node) {
    String text = node.getValue();
    Tag tag = node.getTag();
    try {
      if (Tag.INT.equals(tag)) {
        return JsonNodeFactory.instance.numberNode(Long.parseLong(text.replace("_", "")));
      }
      if (Tag.FLOAT.equals(tag)) {
        return JsonNodeFactory.instance.numberNode(Double.parseDouble(text.replace("_", "")));
      }
    } catch (NumberFormatException e) {
      return JsonNodeFactory.instance.textNode(text);
    }
    if (Tag.BOOL.equals(tag)) {
      return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT)));
    }
    if (Tag.NULL.equals(tag)) {
      return JsonNodeFactory.instance.nullNode();
    }
    return JsonNodeFactory.instance.textNode(text);
  }

  private static Position position(Mark mark) {
    return new Position(mark.getLine() + 1, mark.getColumn() + 1);
  }
}
