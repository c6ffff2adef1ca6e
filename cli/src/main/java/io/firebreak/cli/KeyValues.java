package io.firebreak.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses repeated {@code key=value} options ({@code --label role=web --label env=prod}). */
public final class KeyValues {
  private KeyValues() {}

  /** In the order given; a repeated key keeps the last value. Usage error when one lacks '='. */
  public static Map<String, String> parse(String option, List<String> pairs) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String pair : pairs == null ? List.<String>of() : pairs) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        throw CliException.usage(option + " expects key=value, got '" + pair + "'");
      }
      values.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
    }
    return values;
  }

  /** A label selector from {@code --label} pairs: {@code role=web,env=prod}, or null for none. */
  public static String selector(List<String> labels) {
    Map<String, String> parsed = parse("--label", labels);
    if (parsed.isEmpty()) {
      return null;
    }
    StringBuilder selector = new StringBuilder();
    parsed.forEach((key, value) -> selector.append(selector.length() == 0 ? "" : ",").append(key).append('=').append(value));
    return selector.toString();
  }
}
