package io.firebreak.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.cli.CliCommand;
import io.firebreak.cli.ExitCodes;
import io.firebreak.cli.connection.ApiClient;
import io.firebreak.cli.connection.ApiErrors;
import io.firebreak.cli.connection.ApiResponse;
import io.firebreak.cli.output.Json;
import io.firebreak.cli.output.OutputOptions;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code firebreak audit tail | verify}: the server's audit log ({@code GET /api/v1/audit}) and
 * its integrity check ({@code GET /api/v1/audit/verify}). A server without them gets a clear
 * message (exit 1). Their JSON is printed as the server sends it.
 */
@Command(name = "audit", description = "The server's audit log: the latest entries, and verifying it is intact.")
public final class AuditCommand extends CliCommand {
  @Command(name = "tail", description = "Show the latest audit entries (GET /api/v1/audit).")
  int tail(@Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20",
      description = "How many entries. Default: ${DEFAULT-VALUE}.") int limit, @Mixin OutputOptions output) {
    // The server pages forward from a sequence number: ask where the head is, then read the last page.
    long head = fetch(ApiClient.query("/api/v1/audit", Map.of("limit", 1))).path("headSeq").asLong(0);
    JsonNode entries = fetch(ApiClient.query("/api/v1/audit",
        Map.of("afterSeq", Math.max(0, head - limit), "limit", limit)));
    if (output.json()) {
      Json.print(out(), entries);
      return ExitCodes.OK;
    }
    JsonNode list = entries.isArray() ? entries : entries.path("events");
    if (list.isEmpty()) {
      out().println("The audit log is empty.");
    }
    list.forEach(entry -> out().println(entry.isValueNode() ? entry.asText() : String.format("%6d  %s  %-18s %-12s %s  %s",
        entry.path("seq").asLong(), entry.path("at").asText(), entry.path("action").asText(),
        entry.path("actor").asText(), entry.path("subject").asText(), entry.path("details").toString())));
    out().flush();
    return ExitCodes.OK;
  }

  @Command(name = "verify", description = {"Check the audit log's integrity on the server (GET /api/v1/audit/verify). "
      + "Exit 1 when the server reports it is not intact (\"ok\": false): the first broken link is shown."})
  int verify(@Mixin OutputOptions output) {
    JsonNode result = fetch("/api/v1/audit/verify");
    boolean intact = result.path("ok").asBoolean(false);
    if (output.json()) {
      Json.print(out(), result);
    } else {
      out().println(intact ? "The audit log is intact." : "The audit log is NOT intact.");
      result.fields().forEachRemaining(field -> out().println("  " + field.getKey() + ": "
          + (field.getValue().isValueNode() ? field.getValue().asText() : field.getValue().toString())));
      out().flush();
    }
    return intact ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private JsonNode fetch(String path) {
    ApiResponse response = api().send("GET", path, null);
    if ((response.status() == 404 || response.status() == 405) && !response.answeredByApi()) {
      throw ApiErrors.missingEndpoint(api().connection(), response, "the audit log API is not available on this server yet");
    }
    return api().require(response);
  }
}
