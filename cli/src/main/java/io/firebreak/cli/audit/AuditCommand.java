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
    JsonNode entries = fetch(ApiClient.query("/api/v1/audit", Map.of("limit", limit)));
    if (output.json()) {
      Json.print(out(), entries);
      return ExitCodes.OK;
    }
    JsonNode list = entries.isArray() ? entries : entries.path("entries");
    if (list.isEmpty()) {
      out().println("The audit log is empty.");
    }
    // The entry shape belongs to the server; one compact line each keeps every field visible.
    list.forEach(entry -> out().println(entry.isValueNode() ? entry.asText() : entry.toString()));
    out().flush();
    return ExitCodes.OK;
  }

  @Command(name = "verify", description = {"Check the audit log's integrity on the server (GET /api/v1/audit/verify). "
      + "Exit 1 when the server reports it is not intact (\"valid\": false)."})
  int verify(@Mixin OutputOptions output) {
    JsonNode result = fetch("/api/v1/audit/verify");
    boolean intact = !(result.has("valid") && !result.path("valid").asBoolean());
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
