package io.firebreak.cli.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.cli.CliCommand;
import io.firebreak.cli.ExitCodes;
import io.firebreak.cli.KeyValues;
import io.firebreak.cli.connection.ApiClient;
import io.firebreak.cli.output.Json;
import io.firebreak.cli.output.OutputOptions;
import io.firebreak.cli.output.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code firebreak agent list}: the agent registry. */
@Command(name = "agent", description = "The hosts' agents as the server's registry knows them.")
public final class AgentCommand extends CliCommand {
  @Command(name = "list", description = "List registered agents, connected or not.")
  int list(
      @Option(names = "--partition", paramLabel = "P", description = "Only this partition (repeatable).") List<String> partitions,
      @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Only agents with this label (repeatable; all must match).") List<String> labels,
      @Mixin OutputOptions output) {
    String selector = KeyValues.selector(labels);
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("partition", partitions);
    query.put("selector", selector);
    JsonNode agents = api().get(ApiClient.query("/api/v1/agents", query));
    if (output.json()) {
      Json.print(out(), agents);
      return ExitCodes.OK;
    }
    if (agents.isEmpty()) {
      boolean filtered = selector != null || (partitions != null && !partitions.isEmpty());
      out().println(filtered ? "No agent matches." : "No agents registered.");
      out().flush();
      return ExitCodes.OK;
    }
    Table table = new Table("HOST", "PARTITION", "CONNECTED", "GATEWAY", "LABELS", "VERSION", "LAST SEEN");
    int connected = 0;
    for (JsonNode agent : agents) {
      boolean up = agent.path("connected").asBoolean();
      connected += up ? 1 : 0;
      table.row(Json.text(agent, "hostId", null), Json.text(agent, "partition", null), up ? "yes" : "no",
          Json.text(agent, "gatewayId", null), labels(agent.path("labels")), Json.text(agent, "agentVersion", null)
              + (agent.path("simulated").asBoolean() ? " (simulated)" : ""), Json.time(agent, "lastSeenAt"));
    }
    table.print(out());
    out().println(agents.size() + " agents, " + connected + " connected.");
    out().flush();
    return ExitCodes.OK;
  }

  private static String labels(JsonNode labels) {
    Map<String, String> sorted = new TreeMap<>();
    labels.fields().forEachRemaining(field -> sorted.put(field.getKey(), field.getValue().asText()));
    List<String> pairs = new ArrayList<>();
    sorted.forEach((key, value) -> pairs.add(key + "=" + value));
    return String.join(",", pairs);
  }
}
