package io.firebreak.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code firebreak} in-process through picocli with captured output, as a user would type
 * it: environment variables, a home directory, standard input, not a terminal.
 */
final class Cli {
  /** What one run printed and returned. */
  record Result(int exitCode, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  private final Map<String, String> variables = new HashMap<>();
  private final Path home;
  private String stdin = "";

  Cli(Path home) {
    this.home = home;
  }

  /** A CLI pointed at the server with a token, through FIREBREAK_URL / FIREBREAK_TOKEN. */
  static Cli connected(Path home, String url, String token) {
    return new Cli(home).env("FIREBREAK_URL", url).env("FIREBREAK_TOKEN", token);
  }

  Cli env(String name, String value) {
    variables.put(name, value);
    return this;
  }

  Cli stdin(String text) {
    stdin = text;
    return this;
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CliEnvironment environment = new CliEnvironment(variables, home,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), false, Duration.ofMillis(100));
    CommandLine commandLine = FirebreakCli.commandLine(environment);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }
}
