package io.firebreak.orchestrator.storage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/** JSON columns: small maps and status documents stored as text. Thread-safe. */
public final class Json {
  private static final ObjectMapper MAPPER = io.dropwizard.jackson.Jackson.newObjectMapper();
  private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

  private Json() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise " + value.getClass().getSimpleName(), e);
    }
  }

  public static <T> T read(String text, Class<T> type) {
    try {
      return MAPPER.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt JSON column for " + type.getSimpleName(), e);
    }
  }

  public static <T> T read(String text, TypeReference<T> type) {
    try {
      return MAPPER.readValue(text, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt JSON column for " + type.getType(), e);
    }
  }

  public static Map<String, String> readMap(String text) {
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    try {
      return MAPPER.readValue(text, STRING_MAP);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt JSON map column", e);
    }
  }
}
