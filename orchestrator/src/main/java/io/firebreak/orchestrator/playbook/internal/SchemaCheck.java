package io.firebreak.orchestrator.playbook.internal;

import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.firebreak.orchestrator.playbook.PlaybookError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Validates a playbook document against {@code playbook/playbook.schema.json}. Thread-safe. */
public final class SchemaCheck {
  public static final String RESOURCE = "playbook/playbook.schema.json";
  private static final JsonSchema SCHEMA = load();

  private SchemaCheck() {}

  /**
   * Parses {@code yaml} keeping positions; a syntax error is thrown located, and duplicate keys are
   * added to {@code errors} (the document is still returned so one pass reports every mistake).
   */
  public static LocatedYaml read(String source, String yaml, List<PlaybookError> errors)
      throws io.firebreak.orchestrator.playbook.PlaybookException {
    LocatedYaml document;
    try {
      document = LocatedYaml.parse(yaml);
    } catch (org.yaml.snakeyaml.error.MarkedYAMLException e) {
      int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      int column = e.getProblemMark() == null ? 0 : e.getProblemMark().getColumn() + 1;
      throw new io.firebreak.orchestrator.playbook.PlaybookException(List.of(new PlaybookError(source, line, column,
          "$", "YAML syntax error: " + e.getProblem())));
    }
    for (LocatedYaml.DuplicateKey duplicate : document.duplicates()) {
      errors.add(new PlaybookError(source, duplicate.position().line(), duplicate.position().column(),
          field(duplicate.path()), "duplicate key"));
    }
    return document;
  }

  /** The playbook schema's errors, located in the file. */
  public static List<PlaybookError> check(String file, LocatedYaml yaml) {
    return check(file, yaml, SCHEMA);
  }

  /** {@code schema}'s errors (another YAML format, e.g. the policy), located in the file. */
  public static List<PlaybookError> check(String file, LocatedYaml yaml, JsonSchema schema) {
    List<PlaybookError> errors = new ArrayList<>();
    java.util.Set<String> reported = new java.util.HashSet<>();
    for (ValidationMessage message : schema.validate(yaml.root())) {
      String path = message.getInstanceLocation().toString();
      if (message.getSchemaLocation().toString().contains("$defs/amount")) {
        // One field, several failed alternatives: say once what is expected.
        if (reported.add(path)) {
          LocatedYaml.Position position = yaml.positionOf(path);
          errors.add(new PlaybookError(file, position.line(), position.column(), field(path),
              "expected a count like 5 or a percentage like \"20%\""));
        }
        continue;
      }
      String type = message.getType();
      LocatedYaml.Position position;
      String text = stripPath(message.getMessage());
      if ("required".equals(type)) {
        position = yaml.positionOf(path);
        path = path + "." + message.getProperty();
        text = "is required";
      } else if ("additionalProperties".equals(type)) {
        path = path + "." + message.getProperty();
        position = yaml.keyPositionOf(path);
        text = "unknown field '" + message.getProperty() + "'";
      } else {
        position = yaml.positionOf(path);
      }
      errors.add(new PlaybookError(file, position.line(), position.column(), field(path), text));
    }
    return errors;
  }

  /** {@code $.steps[0].action} → {@code steps[0].action}; the root stays {@code $}. */
  public static String field(String path) {
    return path.equals("$") ? "$" : path.startsWith("$.") ? path.substring(2) : path;
  }

  private static String stripPath(String message) {
    int colon = message.indexOf(": ");
    return colon > 0 && message.startsWith("$") ? message.substring(colon + 2) : message;
  }

  private static JsonSchema load() {
    return load(RESOURCE);
  }

  /** A JSON Schema (2020-12) from the classpath. */
  public static JsonSchema load(String resource) {
    try (InputStream stream = SchemaCheck.class.getClassLoader().getResourceAsStream(resource)) {
      if (stream == null) {
        throw new IllegalStateException("missing " + resource + " on the classpath");
      }
      String text = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
