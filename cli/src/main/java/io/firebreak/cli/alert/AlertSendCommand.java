package io.firebreak.cli.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firebreak.cli.CliCommand;
import io.firebreak.cli.CliException;
import io.firebreak.cli.ExitCodes;
import io.firebreak.cli.KeyValues;
import io.firebreak.cli.output.Json;
import io.firebreak.cli.output.OutputOptions;
import io.firebreak.cli.output.Table;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code firebreak alert send}: posts one alert, built from options or read as JSON from a file or
 * standard input ({@code --file -}). Prints the alert id and the incidents it opened or joined.
 */
@Command(name = "send", description = {
    "Send a detection alert; matching playbooks open incidents (or the alert joins a running one). "
    + "Either options (--type, --severity, --source, ...) or a JSON document (--file F, or --file - for stdin)."})
public final class AlertSendCommand extends CliCommand implements Callable<Integer> {
  @Option(names = "--type", paramLabel = "TYPE", description = "Alert type, e.g. malware-detected.")
  private String type;

  @Option(names = "--severity", paramLabel = "LEVEL", description = "low, medium, high or critical.")
  private String severity;

  @Option(names = "--source", paramLabel = "SOURCE", description = "The detection system, e.g. edr-falcon.")
  private String source;

  @Option(names = {"--entity", "--host"}, paramLabel = "HOST", description = "The host the alert is about.")
  private String entity;

  @Option(names = "--partition", paramLabel = "P", description = "The host's partition.")
  private String partition;

  @Option(names = "--title", paramLabel = "TEXT", description = "A one-line summary.")
  private String title;

  @Option(names = "--external-id", paramLabel = "ID", description = "The detection system's own id.")
  private String externalId;

  @Option(names = "--field", paramLabel = "KEY=VALUE", description = "Detail to attach (repeatable); sent in \"details\".")
  private List<String> fields;

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Send this JSON alert document instead ('-': standard input).")
  private String file;

  @Mixin
  private OutputOptions output;

  @Override
  public Integer call() {
    JsonNode alert = file != null ? readDocument() : fromOptions();
    JsonNode reply = api().post("/api/v1/alerts", alert);
    if (output.json()) {
      Json.print(out(), reply);
      return ExitCodes.OK;
    }
    out().println("Alert " + Json.text(reply, "alertId", "?") + " accepted.");
    if (reply.path("incidents").isEmpty()) {
      out().println("No playbook matched it; no incident was opened.");
    } else {
      Table table = new Table("INCIDENT", "PLAYBOOK", "RESULT");
      reply.path("incidents").forEach(incident -> table.row(Json.text(incident, "incidentId", null),
          Json.text(incident, "playbook", null), incident.path("joined").asBoolean() ? "joined (already running)" : "opened"));
      table.print(out());
    }
    out().flush();
    return ExitCodes.OK;
  }

  private JsonNode fromOptions() {
    if (type == null || severity == null || source == null) {
      throw CliException.usage("an alert needs --type, --severity and --source (or --file F)");
    }
    ObjectNode alert = Json.object().put("type", type).put("severity", severity).put("source", source);
    putIfSet(alert, "host", entity);
    putIfSet(alert, "partition", partition);
    putIfSet(alert, "title", title);
    putIfSet(alert, "externalId", externalId);
    if (fields != null && !fields.isEmpty()) {
      ObjectNode details = alert.putObject("details");
      KeyValues.parse("--field", fields).forEach(details::put);
    }
    return alert;
  }

  private JsonNode readDocument() {
    if (type != null || severity != null || source != null || entity != null || partition != null || fields != null) {
      throw CliException.usage("give either --file or the alert options, not both");
    }
    String name = file.equals("-") ? "standard input" : file;
    try (InputStream in = file.equals("-") ? environment().stdin() : Files.newInputStream(Path.of(file))) {
      JsonNode document = Json.MAPPER.readTree(in);
      if (document == null || document.isMissingNode()) {
        throw CliException.usage(name + " holds no alert (it is empty)");
      }
      return document;
    } catch (NoSuchFileException e) {
      throw CliException.usage("no such file: " + file);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      String where = e.getLocation() == null ? ""
          : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
      throw CliException.usage("the alert in " + name + " is not valid JSON: " + e.getOriginalMessage() + where);
    } catch (IOException e) {
      throw CliException.usage("cannot read " + name + ": " + e.getMessage());
    }
  }

  private static void putIfSet(ObjectNode alert, String field, String value) {
    if (value != null) {
      alert.put(field, value);
    }
  }
}
