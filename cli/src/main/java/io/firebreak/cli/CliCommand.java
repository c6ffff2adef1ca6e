package io.firebreak.cli;

import io.firebreak.cli.connection.ApiClient;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every command needs: its output streams, the environment and the API client of the root
 * command (whose {@code --server}/{@code --token} every subcommand inherits).
 */
public abstract class CliCommand {
  @Spec
  protected CommandSpec spec;

  protected FirebreakCli root() {
    return (FirebreakCli) spec.root().userObject();
  }

  protected CliEnvironment environment() {
    return root().environment();
  }

  protected ApiClient api() {
    return root().api();
  }

  protected PrintWriter out() {
    return spec.commandLine().getOut();
  }

  protected PrintWriter err() {
    return spec.commandLine().getErr();
  }
}
