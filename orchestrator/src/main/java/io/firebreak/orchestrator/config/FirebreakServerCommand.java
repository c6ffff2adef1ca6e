package io.firebreak.orchestrator.config;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.firebreak.orchestrator.FirebreakConfiguration;
import io.firebreak.orchestrator.playbook.PlaybookException;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * {@code server}, with operator-friendly failures: invalid playbooks are listed one per line
 * ({@code file:line:column: field: message}) instead of a stack trace.
 */
public final class FirebreakServerCommand extends ServerCommand<FirebreakConfiguration> {
  public FirebreakServerCommand(Application<FirebreakConfiguration> application) {
    super(application);
  }

  @Override
  public void onError(Cli cli, Namespace namespace, Throwable error) {
    if (error instanceof PlaybookException invalid) {
      cli.getStdErr().println("firebreak: invalid playbooks; nothing was started:");
      invalid.errors().forEach(line -> cli.getStdErr().println("  " + line));
      cli.getStdErr().flush();
      return;
    }
    super.onError(cli, namespace, error);
  }
}
