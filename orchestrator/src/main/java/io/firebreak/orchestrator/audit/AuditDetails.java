package io.firebreak.orchestrator.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Turns an event's details into canonical JSON: keys sorted (by Java's {@code String} order) at
 * every depth, no whitespace, integers as integers, so the same details always give the same text
 * and hence the same hash. Long strings are cut here and oversized details refused. Stateless and
 * thread-safe.
 */
final class AuditDetails {
  /** Strings longer than this are cut, with a note of how much was cut. */
  static final int MAX_STRING_CHARS = 4096;
  /** Details whose canonical JSON is longer than this are refused. */
  static final int MAX_JSON_CHARS = 16384;
  private static final int MAX_DEPTH = 8;
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private AuditDetails() {}

  /**
   * The canonical JSON of {@code details} (already redacted).
   *
   * @throws IllegalArgumentException naming the detail that has an unsupported type, or if the
   *     result passes {@link #MAX_JSON_CHARS}
   */
  static String canonicalJson(Map<String, ?> details) {
    Object tree = normalize(details, "details", 0);
    String json;
    try {
      json = MAPPER.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("audit details cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
    if (json.length() > MAX_JSON_CHARS) {
      throw new IllegalArgumentException("audit details are " + json.length() + " characters of JSON; at most "
          + MAX_JSON_CHARS + " are allowed: record ids and counts, not payloads");
    }
    return json;
  }

  private static Object normalize(Object value, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("audit " + path + ": nested deeper than " + MAX_DEPTH + " levels");
    }
    if (value == null || value instanceof Boolean || value instanceof BigDecimal || value instanceof BigInteger) {
      return value;
    }
    if (value instanceof CharSequence text) {
      return cut(text.toString());
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof Double || value instanceof Float) {
      double number = ((Number) value).doubleValue();
      if (Double.isNaN(number) || Double.isInfinite(number)) {
        throw new IllegalArgumentException("audit " + path + ": " + number + " has no JSON form");
      }
      return value;
    }
    if (value instanceof Enum<?> constant) {
      return constant.name();
    }
    if (value instanceof Instant || value instanceof UUID || value instanceof Duration) {
      return value.toString();
    }
    if (value instanceof Map<?, ?> map) {
      TreeMap<String, Object> sorted = new TreeMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String key)) {
          throw new IllegalArgumentException("audit " + path + ": map keys must be strings, not "
              + (entry.getKey() == null ? "null" : entry.getKey().getClass().getSimpleName()));
        }
        sorted.put(key, normalize(entry.getValue(), path + "." + key, depth + 1));
      }
      return sorted;
    }
    if (value instanceof Collection<?> || value instanceof Object[]) {
      Collection<?> items = value instanceof Object[] array ? Arrays.asList(array) : (Collection<?>) value;
      List<Object> list = new ArrayList<>(items.size());
      int index = 0;
      for (Object item : items) {
        list.add(normalize(item, path + "[" + index++ + "]", depth + 1));
      }
      return list;
    }
    throw new IllegalArgumentException("audit " + path + ": unsupported type " + value.getClass().getName()
        + "; use strings, numbers, booleans, lists or maps");
  }

  private static String cut(String text) {
    if (text.length() <= MAX_STRING_CHARS) {
      return text;
    }
    int end = Character.isHighSurrogate(text.charAt(MAX_STRING_CHARS - 1)) ? MAX_STRING_CHARS - 1 : MAX_STRING_CHARS;
    return text.substring(0, end) + "…[cut " + (text.length() - end) + " characters]";
  }
}
