package io.firebreak.cli.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.cli.output.Json;
import java.io.PrintWriter;

/**
 * {@code watch --output json}: the incident (the {@code GET /api/v1/incidents/{id}} body) as one
 * JSON object per line, each time it changes; the last line is the final state.
 */
final class JsonLines implements WatchOutput {
  private final PrintWriter out;
  private JsonNode last;

  JsonLines(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void update(JsonNode incident, Frame frame) {
    if (!incident.equals(last)) {
      Json.printLine(out, incident);
      last = incident;
    }
  }

  @Override
  public void finish(JsonNode incident, Frame frame) {
    update(incident, frame);
  }

  @Override
  public void close() {
    out.flush();
  }
}
