package io.firebreak.orchestrator.playbook;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes-style label selector: comma-separated requirements that must all hold —
 * {@code k=v}, {@code k==v}, {@code k!=v}, {@code k in (a,b)}, {@code k notin (a,b)}, {@code k}
 * (exists), {@code !k} (does not exist). Immutable and thread-safe.
 */
public final class LabelSelector {
  private static final String KEY = "[A-Za-z0-9]([A-Za-z0-9._/-]*[A-Za-z0-9])?";
  private static final String VALUE = "[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?";
  private static final Pattern REQUIREMENT = Pattern.compile(
      "\\s*(?:(?<not>!)\\s*(?<absent>" + KEY + ")|(?<key>" + KEY + ")\\s*(?:(?<op>==|=|!=)\\s*(?<value>" + VALUE
          + ")|\\s(?<setop>in|notin)\\s*\\((?<set>[^)]*)\\))?)\\s*");

  private record Requirement(String key, String operator, Set<String> values) {
    boolean matches(Map<String, String> labels) {
      String actual = labels.get(key);
      return switch (operator) {
        case "=" -> values.contains(actual);
        case "!=" -> actual == null || !values.contains(actual);
        case "in" -> actual != null && values.contains(actual);
        case "notin" -> actual == null || !values.contains(actual);
        case "exists" -> actual != null;
        default -> actual == null; // "!"
      };
    }

    @Override
    public String toString() {
      return switch (operator) {
        case "exists" -> key;
        case "!" -> "!" + key;
        case "in", "notin" -> key + " " + operator + " (" + String.join(",", values) + ")";
        default -> key + operator + values.iterator().next();
      };
    }
  }

  private final List<Requirement> requirements;

  private LabelSelector(List<Requirement> requirements) {
    this.requirements = List.copyOf(requirements);
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException saying what is wrong and at which character (1-based)
   */
  public static LabelSelector parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("empty selector");
    }
    List<Requirement> requirements = new ArrayList<>();
    int position = 0;
    for (String part : splitTopLevel(text)) {
      Matcher matcher = REQUIREMENT.matcher(part);
      if (!matcher.matches()) {
        throw new IllegalArgumentException("cannot parse requirement '" + part.strip() + "' at character "
            + (position + 1 + leadingSpaces(part)) + " (expected k=v, k!=v, k in (a,b), k notin (a,b), k or !k)");
      }
      requirements.add(requirement(matcher, part, position));
      position += part.length() + 1;
    }
    return new LabelSelector(requirements);
  }

  private static Requirement requirement(Matcher matcher, String part, int position) {
    if (matcher.group("absent") != null) {
      return new Requirement(matcher.group("absent"), "!", Set.of());
    }
    String key = matcher.group("key");
    if (matcher.group("op") != null) {
      String operator = matcher.group("op").equals("!=") ? "!=" : "=";
      return new Requirement(key, operator, Set.of(matcher.group("value")));
    }
    if (matcher.group("setop") != null) {
      Set<String> values = new TreeSet<>();
      for (String value : matcher.group("set").split(",")) {
        String trimmed = value.strip();
        if (!trimmed.matches(VALUE)) {
          throw new IllegalArgumentException("bad value '" + trimmed + "' in set of requirement '" + part.strip()
              + "' at character " + (position + 1 + leadingSpaces(part)));
        }
        values.add(trimmed);
      }
      return new Requirement(key, matcher.group("setop"), values);
    }
    return new Requirement(key, "exists", Set.of());
  }

  /** Splits on commas outside parentheses. */
  private static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (c == ',' && depth == 0) {
        parts.add(text.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(text.substring(start));
    return parts;
  }

  private static int leadingSpaces(String part) {
    int count = 0;
    while (count < part.length() && Character.isWhitespace(part.charAt(count))) {
      count++;
    }
    return count;
  }

  public boolean matches(Map<String, String> labels) {
    for (Requirement requirement : requirements) {
      if (!requirement.matches(labels)) {
        return false;
      }
    }
    return true;
  }

  /** The canonical form, e.g. {@code role=web,env in (prod,staging),!canary}. */
  @Override
  public String toString() {
    return String.join(",", requirements.stream().map(Requirement::toString).toList());
  }
}
