package io.firebreak.cli.approval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firebreak.cli.CliCommand;
import io.firebreak.cli.CliException;
import io.firebreak.cli.ExitCodes;
import io.firebreak.cli.connection.ApiClient;
import io.firebreak.cli.incident.IncidentPrinter;
import io.firebreak.cli.incident.IncidentStates;
import io.firebreak.cli.output.Json;
import io.firebreak.cli.output.OutputOptions;
import io.firebreak.cli.output.Table;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code firebreak approval ...}: approval requests are incidents in state
 * {@code awaiting_approval}; approve and deny decide them (role approver or admin, never the
 * requester). The plan digest is shown when the server provides one ({@code planDigest}) and is
 * then sent with the decision, so that the server can refuse a decision on a changed plan.
 */
@Command(name = "approval", description = "List and decide approval requests (incidents awaiting approval).")
public final class ApprovalCommand extends CliCommand {
  private static final String NO_DIGEST = "not provided by this server (it does not bind decisions to a plan digest)";

  @Command(name = "list", description = "List incidents waiting for approval.")
  int list(@Mixin OutputOptions output) {
    JsonNode waiting = api().get("/api/v1/incidents?state=" + IncidentStates.AWAITING_APPROVAL);
    if (output.json()) {
      Json.print(out(), waiting);
      return ExitCodes.OK;
    }
    if (waiting.isEmpty()) {
      out().println("Nothing waits for approval.");
      out().flush();
      return ExitCodes.OK;
    }
    Table table = new Table("ID", "PLAYBOOK", "HOSTS", "REQUESTED BY", "JUSTIFICATION", "WAITING SINCE");
    waiting.forEach(incident -> table.row(Json.text(incident, "incidentId", null), Json.text(incident, "playbook", null),
        Json.text(incident, "targetCount", null), Json.text(incident, "requestedBy", null),
        Json.text(incident, "justification", null), Json.time(incident, "updatedAt")));
    table.print(out());
    return ExitCodes.OK;
  }

  @Command(name = "show", description = {"Show an approval request: the incident, its steps and the plan digest. "
      + "Exit code by state: 3 still waiting, 0 approved and running or completed, 1 any other end."})
  int show(@Parameters(paramLabel = "ID", description = "Incident id.") String id, @Mixin OutputOptions output) {
    JsonNode incident = incident(id);
    if (output.json()) {
      Json.print(out(), incident);
    } else {
      IncidentPrinter.show(out(), incident);
      out().println();
      out().println("plan digest:   " + Json.text(incident, "planDigest", NO_DIGEST));
      if (IncidentStates.AWAITING_APPROVAL.equals(Json.text(incident, "state", ""))) {
        out().println("decide:        firebreak approval approve|deny " + id + " --reason TEXT"
            + "  (role approver or admin; not " + Json.text(incident, "requestedBy", "the requester") + ")");
      }
      out().flush();
    }
    return IncidentStates.exitCode(Json.text(incident, "state", ""));
  }

  @Command(name = "approve", description = "Approve the plan: the incident starts acting. Role approver or admin.")
  int approve(@Parameters(paramLabel = "ID", description = "Incident id.") String id,
      @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (recorded).") String reason,
      @Mixin OutputOptions output) {
    return decide(id, true, reason, output);
  }

  @Command(name = "deny", description = "Deny the plan: the incident ends, nothing is done. Role approver or admin.")
  int deny(@Parameters(paramLabel = "ID", description = "Incident id.") String id,
      @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (recorded).") String reason,
      @Mixin OutputOptions output) {
    return decide(id, false, reason, output);
  }

  private int decide(String id, boolean approve, String reason, OutputOptions output) {
    JsonNode incident = incident(id);
    String state = Json.text(incident, "state", "?");
    if (!IncidentStates.AWAITING_APPROVAL.equals(state)) {
      throw new CliException(ExitCodes.FAILED, "incident " + id + " is " + state + ", not awaiting approval",
          "firebreak approval list shows what waits for a decision");
    }
    String digest = Json.text(incident, "planDigest", null);
    PrintWriter out = out();
    if (!output.json()) {
      out.println((approve ? "Approving" : "Denying") + " incident " + id + ": playbook " + Json.text(incident, "playbook", "?")
          + " on " + incident.path("targetCount").asInt() + " hosts, requested by " + Json.text(incident, "requestedBy", "?")
          + (incident.hasNonNull("justification") ? " (\"" + incident.get("justification").asText() + "\")" : "") + ".");
      out.println("plan digest: " + (digest == null ? NO_DIGEST : digest));
      out.flush();
    }
    ObjectNode body = Json.object().put("reason", reason);
    if (digest != null) {
      body.put("planDigest", digest);
    }
    JsonNode reply = api().post("/api/v1/incidents/" + ApiClient.segment(id) + (approve ? "/approve" : "/deny"), body);
    if (output.json()) {
      Json.print(out, ((ObjectNode) reply.deepCopy()).put("planDigest", digest));
    } else {
      out.println((approve ? "Approved" : "Denied") + " by " + Json.text(reply, "decidedBy", "?") + "; the incident is now "
          + Json.text(reply, "incidentState", Json.text(reply, "state", "?")) + ". Follow it: firebreak incident watch " + id);
      out.flush();
    }
    return ExitCodes.OK;
  }

  private JsonNode incident(String id) {
    return api().get("/api/v1/incidents/" + ApiClient.segment(id) + "?hostLimit=0");
  }
}
