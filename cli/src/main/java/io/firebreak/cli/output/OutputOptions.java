package io.firebreak.cli.output;

import picocli.CommandLine.Option;

/** The {@code --output table|json} option, mixed into every command that prints a result. */
public final class OutputOptions {
  /** How results are printed. */
  public enum Format { table, json }

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
      description = "table (for people) or json (stable, for scripts; see README \"CLI\"). Default: ${DEFAULT-VALUE}.")
  private Format format = Format.table;

  public boolean json() {
    return format == Format.json;
  }
}
