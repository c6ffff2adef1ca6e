package io.firebreak.cli.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.cli.CliEnvironment;
import io.firebreak.cli.CliException;
import io.firebreak.cli.ExitCodes;
import io.firebreak.cli.connection.ApiClient;
import io.firebreak.cli.connection.ApiResponse;
import io.firebreak.cli.incident.IncidentStates;
import io.firebreak.cli.output.Json;
import java.io.PrintWriter;
import java.time.Instant;

/**
 * Follows an incident until it ends: polls {@code GET /api/v1/incidents/{id}} (without per-host
 * rows) every {@link CliEnvironment#pollInterval()} and shows each change, redrawn in place on a
 * terminal, as changed lines otherwise, or as JSON lines. Not thread-safe; one watch per instance.
 */
public final class IncidentWatcher {
  private final ApiClient api;
  private final CliEnvironment environment;
  private final PrintWriter out;
  private final boolean json;

  public IncidentWatcher(ApiClient api, CliEnvironment environment, PrintWriter out, boolean json) {
    this.api = api;
    this.environment = environment;
    this.out = out;
    this.json = json;
  }

  /** Watches until the incident ends; returns its final view. */
  public JsonNode watch(String incidentId) {
    JsonNode incident = fetch(incidentId);
    FrameBuilder frames = new FrameBuilder(rollout(Json.text(incident, "playbook", null)));
    try (WatchOutput output = json ? new JsonLines(out)
        : environment.terminal() ? new AnsiScreen(out) : new PlainLines(out, Instant::now)) {
      while (!IncidentStates.ended(Json.text(incident, "state", ""))) {
        output.update(incident, frames.build(incident, Instant.now()));
        pause();
        incident = fetch(incidentId);
      }
      output.finish(incident, frames.build(incident, Instant.now()));
    }
    return incident;
  }

  private JsonNode fetch(String incidentId) {
    return api.get("/api/v1/incidents/" + ApiClient.segment(incidentId) + "?hostLimit=0");
  }

  /** The playbook's rollout (for the wave line), or null when it cannot be read. */
  private JsonNode rollout(String playbook) {
    if (playbook == null) {
      return null;
    }
    ApiResponse response = api.send("GET", "/api/v1/playbooks/" + ApiClient.segment(playbook), null);
    return response.ok() ? response.body().get("rollout") : null;
  }

  private void pause() {
    try {
      Thread.sleep(environment.pollInterval().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliException(ExitCodes.FAILED, "interrupted while watching");
    }
  }
}
