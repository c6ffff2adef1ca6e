package io.firebreak.cli.incident;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.cli.CliCommand;
import io.firebreak.cli.ExitCodes;
import io.firebreak.cli.connection.ApiClient;
import io.firebreak.cli.connection.ApiErrors;
import io.firebreak.cli.connection.ApiResponse;
import io.firebreak.cli.output.Json;
import io.firebreak.cli.output.OutputOptions;
import io.firebreak.cli.watch.IncidentWatcher;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code firebreak incident ...}: the incident index, one incident, following it, stopping it. */
@Command(name = "incident", description = "List, show, watch, cancel and roll back incidents.")
public final class IncidentCommand extends CliCommand {
  @Command(name = "list", description = "List incidents, newest first.")
  int list(
      @Option(names = "--state", paramLabel = "STATE", description = "Only this state, e.g. running, awaiting_approval, rolled_back.") String state,
      @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N (1-1000). Default: ${DEFAULT-VALUE}.") int limit,
      @Mixin OutputOptions output) {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("state", state);
    query.put("limit", limit);
    JsonNode incidents = api().get(ApiClient.query("/api/v1/incidents", query));
    if (output.json()) {
      Json.print(out(), incidents);
    } else {
      IncidentPrinter.list(out(), incidents);
    }
    return ExitCodes.OK;
  }

  @Command(name = "show", description = {"Show one incident: state, steps with per-outcome counts, outcome. "
      + "Exit code by state: 0 completed or still going, 3 awaiting approval, 1 any other end."})
  int show(
      @Parameters(paramLabel = "ID", description = "Incident id (inc-...).") String id,
      @Option(names = "--hosts", paramLabel = "N", description = "Also list up to N per-host results.") Integer hosts,
      @Mixin OutputOptions output) {
    String path = "/api/v1/incidents/" + ApiClient.segment(id) + "?hostLimit=" + (hosts == null ? (output.json() ? 10000 : 0) : hosts);
    JsonNode incident = api().get(path);
    if (output.json()) {
      Json.print(out(), incident);
    } else {
      IncidentPrinter.show(out(), incident);
    }
    return IncidentStates.exitCode(Json.text(incident, "state", ""));
  }

  @Command(name = "watch", description = {
      "Follow an incident until it ends: per step a progress bar with done/failed/unreachable/pending, "
      + "rate and ETA; the approval it waits for and who can grant it. Redrawn in place on a terminal, "
      + "one line per change otherwise, one JSON object per change with --output json. "
      + "Exit code by outcome: 0 completed, 1 any other end."})
  int watch(@Parameters(paramLabel = "ID", description = "Incident id.") String id, @Mixin OutputOptions output) {
    JsonNode incident = new IncidentWatcher(api(), environment(), out(), output.json()).watch(id);
    return IncidentStates.exitCode(Json.text(incident, "state", ""));
  }

  @Command(name = "cancel", description = {"Stop a running incident and roll back what it did (takes effect "
      + "between batches). Needs the role responder or admin."})
  int cancel(
      @Parameters(paramLabel = "ID", description = "Incident id.") String id,
      @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (recorded).") String reason,
      @Mixin OutputOptions output) {
    JsonNode reply = api().post("/api/v1/incidents/" + ApiClient.segment(id) + "/cancel", Json.object().put("reason", reason));
    return printAction(reply, output, "Cancelling incident " + id + ": no further batch is sent and what was done is"
        + " rolled back. Follow it: firebreak incident watch " + id);
  }

  @Command(name = "rollback", description = {"Undo what an incident did (runs each step's inverse). "
      + "Needs a server with POST /api/v1/incidents/{id}/rollback."})
  int rollback(
      @Parameters(paramLabel = "ID", description = "Incident id.") String id,
      @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (recorded).") String reason,
      @Mixin OutputOptions output) {
    ApiResponse response = api().send("POST", "/api/v1/incidents/" + ApiClient.segment(id) + "/rollback",
        Json.object().put("reason", reason));
    if ((response.status() == 404 || response.status() == 405) && !response.answeredByApi()) {
      throw ApiErrors.missingEndpoint(api().connection(), response,
          "to stop a running incident and undo what it did, use: firebreak incident cancel " + id + " --reason TEXT");
    }
    return printAction(api().require(response), output, "Rolling back incident " + id
        + ". Follow it: firebreak incident watch " + id);
  }

  private int printAction(JsonNode reply, OutputOptions output, String message) {
    if (output.json()) {
      Json.print(out(), reply);
    } else {
      out().println(message);
      out().flush();
    }
    return ExitCodes.OK;
  }
}
