package io.firebreak.cli.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firebreak.cli.CliCommand;
import io.firebreak.cli.ExitCodes;
import io.firebreak.cli.connection.ApiClient;
import io.firebreak.cli.output.Json;
import io.firebreak.cli.output.OutputOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code firebreak playbook plan NAME [HOST...]}: what a run would do, without acting. */
@Command(name = "plan", description = {
    "Show what running a playbook would do, without acting: hosts per partition, waves, steps and "
    + "their inverses, irreversible steps, whether approval is needed, and the plan's digest."})
public final class PlaybookPlanCommand extends CliCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "Playbook name.")
  private String name;

  @Parameters(index = "1..*", paramLabel = "HOST", description = "Hosts to act on (same as --host).")
  private List<String> hosts = new ArrayList<>();

  @Mixin
  private TargetOptions targets;

  @Mixin
  private OutputOptions output;

  @Override
  public Integer call() {
    ObjectNode body = Json.object();
    targets.addTo(body, hosts);
    JsonNode plan = api().post("/api/v1/playbooks/" + ApiClient.segment(name) + "/plan", body);
    if (output.json()) {
      Json.print(out(), plan);
    } else {
      PlanPrinter.print(out(), plan);
    }
    return ExitCodes.OK;
  }
}
