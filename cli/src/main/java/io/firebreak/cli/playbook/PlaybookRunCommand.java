package io.firebreak.cli.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firebreak.cli.CliCommand;
import io.firebreak.cli.CliException;
import io.firebreak.cli.ExitCodes;
import io.firebreak.cli.connection.ApiClient;
import io.firebreak.cli.connection.ApiResponse;
import io.firebreak.cli.incident.IncidentStates;
import io.firebreak.cli.output.Json;
import io.firebreak.cli.output.OutputOptions;
import io.firebreak.cli.watch.IncidentWatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code firebreak playbook run NAME [targets] --justification TEXT [--dry-run] [--watch]}: starts an
 * incident. Without {@code --watch} it returns once the incident has resolved its targets, with
 * exit 3 when it waits for approval; with {@code --watch} it follows it to the end.
 */
@Command(name = "run", description = {
    "Run a playbook on the hosts you name (none: the playbook's own targets). Needs the role responder. "
    + "--dry-run shows the plan instead; --watch follows the incident to its end (exit code by outcome). "
    + "Without --watch: exit 3 when the incident waits for approval, else 0 once it started."})
public final class PlaybookRunCommand extends CliCommand implements Callable<Integer> {
  /** How long a run without --watch waits for the incident to resolve its targets. */
  private static final Duration SETTLE = Duration.ofSeconds(5);

  @Parameters(index = "0", paramLabel = "NAME", description = "Playbook name.")
  private String name;

  @Parameters(index = "1..*", paramLabel = "HOST", description = "Hosts to act on (same as --host).")
  private List<String> hosts = new ArrayList<>();

  @Mixin
  private TargetOptions targets;

  @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A run parameter (repeatable), if the server takes them.")
  private List<String> parameters = new ArrayList<>();

  @Option(names = {"-j", "--justification"}, paramLabel = "TEXT", description = "Why you run it (required unless --dry-run; recorded).")
  private String justification;

  @Option(names = "--dry-run", description = "Show the plan; do nothing.")
  private boolean dryRun;

  @Option(names = {"-w", "--watch"}, description = "Follow the incident until it ends (see: incident watch).")
  private boolean watch;

  @Mixin
  private OutputOptions output;

  @Override
  public Integer call() {
    if (dryRun && watch) {
      throw CliException.usage("--dry-run does nothing to watch; leave out --watch");
    }
    ObjectNode body = Json.object();
    targets.addTo(body, hosts);
    if (justification != null) {
      body.put("justification", justification);
    }
    if (dryRun) {
      body.put("dryRun", true);
    }
    ObjectNode runParameters = TargetOptions.parameters(parameters);
    if (runParameters != null) {
      body.set("parameters", runParameters);
    }
    String path = "/api/v1/playbooks/" + ApiClient.segment(name) + "/runs";
    ApiResponse response = api().send("POST", path, body);
    explainRefusal(response);
    JsonNode reply = api().require(response);
    if (dryRun) {
      if (output.json()) {
        Json.print(out(), reply);
      } else {
        PlanPrinter.print(out(), reply);
      }
      return ExitCodes.OK;
    }
    String incidentId = Json.text(reply, "incidentId", null);
    if (watch) {
      if (!output.json()) {
        out().println("Started incident " + incidentId + " (playbook " + name + ").");
        out().flush();
      }
      JsonNode incident = new IncidentWatcher(api(), environment(), out(), output.json()).watch(incidentId);
      return IncidentStates.exitCode(Json.text(incident, "state", ""));
    }
    String state = settledState(incidentId);
    if (output.json()) {
      Json.print(out(), ((ObjectNode) reply.deepCopy()).put("state", state));
    } else {
      out().println("Started incident " + incidentId + " (playbook " + name + "), now " + state + ".");
      if (IncidentStates.AWAITING_APPROVAL.equals(state)) {
        out().println("It waits for approval by an approver or admin other than you:");
        out().println("  firebreak approval approve " + incidentId + " --reason TEXT");
      }
      out().println("Follow it: firebreak incident watch " + incidentId);
      out().flush();
    }
    return IncidentStates.exitCode(state);
  }

  /** The state once the incident is past "open" (targets resolved), or as it is after a few seconds. */
  private String settledState(String incidentId) {
    Instant deadline = Instant.now().plus(SETTLE);
    String state;
    do {
      state = Json.text(api().get("/api/v1/incidents/" + ApiClient.segment(incidentId) + "?hostLimit=0"), "state", "?");
      if (!state.equals("open")) {
        return state;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return state;
      }
    } while (Instant.now().isBefore(deadline));
    return state;
  }

  /** Points a refused field at the option that sets it. */
  private void explainRefusal(ApiResponse response) {
    if (response.status() != 400) {
      return;
    }
    String field = Json.text(response.body(), "field", "");
    String hint = switch (field) {
      case "justification" -> "say why with --justification TEXT";
      case "hosts" -> "name targets with --host, --partition or --label";
      case "parameters" -> "this server does not take run parameters; leave out --param";
      case "selector" -> "check the --label values";
      default -> null;
    };
    if (hint != null) {
      throw new CliException(ExitCodes.USAGE, "the server refused the run: " + response.errorText(), hint);
    }
  }
}
