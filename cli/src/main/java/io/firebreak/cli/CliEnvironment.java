package io.firebreak.cli;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * What a command reads from outside its arguments: environment variables, the user's home,
 * standard input, whether standard output is an interactive terminal, and how often
 * {@code watch} polls. Tests build their own; {@link #system()} is the real one. Immutable.
 *
 * @param terminal true when standard output is a terminal that understands ANSI redraws
 */
public record CliEnvironment(
    Map<String, String> variables, Path home, InputStream stdin, boolean terminal, Duration pollInterval) {
  /** The polling period of {@code watch}. */
  public static final Duration DEFAULT_POLL = Duration.ofMillis(500);

  public CliEnvironment {
    variables = Map.copyOf(variables);
  }

  /** The process's environment; a terminal when there is a console and {@code TERM} is not dumb. */
  public static CliEnvironment system() {
    Map<String, String> variables = System.getenv();
    return new CliEnvironment(variables, Path.of(System.getProperty("user.home")), System.in,
        isInteractive(consoleIsTerminal(), variables.get("TERM")), DEFAULT_POLL);
  }

  /**
   * True when there is a console on a terminal. Up to Java 21 a console exists only then; from
   * Java 22 one exists with redirected streams too, and {@code Console.isTerminal()} tells.
   */
  private static boolean consoleIsTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /** True when ANSI redraws make sense: a console and a {@code TERM} that is set and not dumb. */
  static boolean isInteractive(boolean console, String term) {
    return console && term != null && !term.isBlank() && !term.toLowerCase(Locale.ROOT).equals("dumb");
  }

  /** The variable's value, or null when unset or blank. */
  public String variable(String name) {
    String value = variables.get(name);
    return value == null || value.isBlank() ? null : value;
  }

  /** {@code $FIREBREAK_CONFIG}, else {@code ~/.config/firebreak/config.json}. */
  public Path configFile() {
    String explicit = variable("FIREBREAK_CONFIG");
    return explicit != null ? Path.of(explicit) : home.resolve(".config").resolve("firebreak").resolve("config.json");
  }
}
