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

  /**
   * A point in time for people, {@code 2025-01-01T10:00:02Z} (to the second): the server sends
   * ISO text (earlier servers sent some fields as epoch seconds with a fraction, which still read).
   */
  public static String time(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    try {
      java.time.Instant instant = value.isNumber()
          ? java.time.Instant.ofEpochMilli(Math.round(value.asDouble() * 1000))
          : java.time.Instant.parse(value.asText());
      return instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    } catch (java.time.format.DateTimeParseException e) {
      return value.asText();
    }
  }

  /** A duration for people, {@code 30s}: the server sends seconds (with a fraction) or ISO text. */
  public static String duration(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isNumber()) {
      double seconds = value.asDouble();
      return seconds == Math.rint(seconds) ? (long) seconds + "s" : seconds + "s";
    }
    return value.asText();
  }

  /** The text of {@code field}, or {@code fallback} when missing or null. */
  public static String text(JsonNode node, String field, String fallback) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? fallback : value.asText();
  }
}
