package io.firebreak.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/** JSON printing for {@code --output json}: pretty, or one compact object per line for streams. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Pretty-printed, followed by a newline. */
  public static void print(PrintWriter out, JsonNode value) {
    out.println(write(value, true));
    out.flush();
  }

  /** One line (JSON Lines), for streams such as {@code watch --output json}. */
  public static void printLine(PrintWriter out, JsonNode value) {
    out.println(write(value, false));
    out.flush();
  }

  private static String write(JsonNode value, boolean pretty) {
    try {
      return pretty ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value) : MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print JSON", e);
    }
  }

  /** The text of {@code field}, or {@code fallback} when missing or null. */
  public static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? fallback : value.asText();
  }
}
