package io.firebreak.agent.credential;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parameters of one rotate-credential command, with the errors a responder can act on. A
 * missing or malformed parameter is an {@link IllegalArgumentException} naming it; the action turns
 * it into FAILED before anything is changed. Immutable.
 *
 * @param values the command's parameters
 */
record Parameters(Map<String, String> values) {
  /** Parameters every kind accepts: the kind and free text for the responder (never used). */
  static final Set<String> COMMON = Set.of("kind", "reason");

  Parameters {
    values = Map.copyOf(values);
  }

  /** The value of {@code name}, stripped. */
  String required(String name) {
    return optional(name)
        .orElseThrow(() -> new IllegalArgumentException("missing parameter '" + name + "'"));
  }

  /** The value of {@code name}, stripped; empty when absent or blank. */
  Optional<String> optional(String name) {
    return Optional.ofNullable(values.get(name)).map(String::strip).filter(text -> !text.isEmpty());
  }

  /** The comma-separated items of {@code name}, stripped, blanks dropped; empty when absent. */
  List<String> list(String name) {
    return optional(name)
        .map(text -> Arrays.stream(text.split(",")).map(String::strip))
        .map(items -> items.filter(item -> !item.isEmpty()).toList())
        .orElse(List.of());
  }

  /** The integer {@code name} in {@code min..max}, or {@code fallback} when absent. */
  int integer(String name, int fallback, int min, int max) {
    Optional<String> text = optional(name);
    if (text.isEmpty()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.get());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // Reported below with the accepted range.
    }
    throw new IllegalArgumentException(
        "parameter "
            + name
            + " must be a number from "
            + min
            + " to "
            + max
            + ", got '"
            + values.get(name)
            + "'");
  }

  /** Names of parameters neither in {@code known} nor {@link #COMMON}, sorted. */
  List<String> ignored(Set<String> known) {
    Set<String> ignored = new TreeSet<>(values.keySet());
    ignored.removeAll(known);
    ignored.removeAll(COMMON);
    return List.copyOf(ignored);
  }
}
