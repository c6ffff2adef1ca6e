package io.firebreak.cli;

import io.firebreak.cli.agent.AgentCommand;
import io.firebreak.cli.alert.AlertCommand;
import io.firebreak.cli.approval.ApprovalCommand;
import io.firebreak.cli.audit.AuditCommand;
import io.firebreak.cli.auth.LoginCommand;
import io.firebreak.cli.auth.WhoamiCommand;
import io.firebreak.cli.completion.CompletionCommand;
import io.firebreak.cli.connection.ApiClient;
import io.firebreak.cli.connection.Connection;
import io.firebreak.cli.connection.ConnectionResolver;
import io.firebreak.cli.incident.IncidentCommand;
import io.firebreak.cli.playbook.PlaybookCommand;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code firebreak}: the command-line client of a Firebreak orchestrator. It talks to the server's
 * REST API only (HTTP and JSON); {@code playbook validate} runs the server's playbook loader
 * locally and needs no server. Exit codes are in {@link ExitCodes}.
 */
@Command(name = "firebreak", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
    versionProvider = FirebreakCli.Version.class,
    description = "Command-line client of the Firebreak incident-response orchestrator.",
    footerHeading = "%nConnection:%n",
    footer = {"Server and token: --server and --token, else FIREBREAK_URL and FIREBREAK_TOKEN,",
        "else the file written by `firebreak login`",
        "($FIREBREAK_CONFIG, by default ~/.config/firebreak/config.json)."},
    subcommands = {
        LoginCommand.class, WhoamiCommand.class, AlertCommand.class, PlaybookCommand.class,
        IncidentCommand.class, ApprovalCommand.class, AgentCommand.class, AuditCommand.class,
        CompletionCommand.class, CommandLine.HelpCommand.class})
public final class FirebreakCli {
  @Option(names = "--server", paramLabel = "URL", scope = ScopeType.INHERIT,
      description = "Orchestrator URL. Default: FIREBREAK_URL, the login file, or " + ConnectionResolver.DEFAULT_SERVER + ".")
  private String server;

  @Option(names = "--token", paramLabel = "TOKEN", scope = ScopeType.INHERIT,
      description = "API token. Default: FIREBREAK_TOKEN or the login file.")
  private String token;

  private final CliEnvironment environment;
  private ApiClient api;

  public FirebreakCli(CliEnvironment environment) {
    this.environment = environment;
  }

  public static void main(String[] args) {
    // The playbook loader's JSON Schema library logs through SLF4J; the CLI ships no backend.
    System.setProperty("slf4j.internal.verbosity", "ERROR");
    System.exit(commandLine(CliEnvironment.system()).execute(args));
  }

  /** The configured command line: error handling, exit codes in every help text. */
  public static CommandLine commandLine(CliEnvironment environment) {
    CommandLine commandLine = new CommandLine(new FirebreakCli(environment));
    commandLine.setExecutionExceptionHandler(FirebreakCli::handle);
    commandLine.setParameterExceptionHandler(FirebreakCli::handleUsage);
    documentExitCodes(commandLine);
    return commandLine;
  }

  CliEnvironment environment() {
    return environment;
  }

  /** The connection as configured (flags, environment, login file). */
  public Connection connection() {
    return ConnectionResolver.resolve(server, token, environment);
  }

  ApiClient api() {
    if (api == null) {
      api = new ApiClient(connection());
    }
    return api;
  }

  private static int handle(Exception error, CommandLine commandLine, CommandLine.ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    if (error instanceof CliException failure) {
      err.println("firebreak: " + failure.getMessage());
      if (failure.hint() != null) {
        err.println("  " + failure.hint());
      }
      err.flush();
      return failure.exitCode();
    }
    // A defect, not a user error: show everything needed to report it.
    err.println("firebreak: internal error in '" + commandLine.getCommandSpec().qualifiedName() + "': " + error);
    error.printStackTrace(err);
    err.flush();
    return ExitCodes.FAILED;
  }

  private static int handleUsage(CommandLine.ParameterException error, String[] args) {
    CommandLine commandLine = error.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println("firebreak: " + error.getMessage());
    CommandLine.UnmatchedArgumentException.printSuggestions(error, err);
    err.println("  see: " + commandLine.getCommandSpec().qualifiedName() + " --help");
    err.flush();
    return ExitCodes.USAGE;
  }

  private static void documentExitCodes(CommandLine commandLine) {
    Map<String, String> codes = new LinkedHashMap<>();
    for (String entry : ExitCodes.HELP) {
      int colon = entry.indexOf(':');
      codes.put(entry.substring(0, colon), entry.substring(colon + 1));
    }
    commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(codes);
    commandLine.getSubcommands().values().forEach(FirebreakCli::documentExitCodes);
  }

  /** The version from the jar manifest ({@code dev} when run from classes). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = FirebreakCli.class.getPackage().getImplementationVersion();
      return new String[] {"firebreak " + (version == null ? "dev" : version)};
    }
  }
}
