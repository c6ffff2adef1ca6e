package io.firebreak.cli.watch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * For pipes, files and dumb terminals: one line per change, {@code [+1.5s] text}, never a control
 * character. Elapsed time, rates and ETAs alone do not count as a change.
 */
final class PlainLines implements WatchOutput {
  private final PrintWriter out;
  private final Instant start;
  private final Supplier<Instant> clock;
  private final Map<String, String> printed = new HashMap<>();

  PlainLines(PrintWriter out, Supplier<Instant> clock) {
    this.out = out;
    this.clock = clock;
    this.start = clock.get();
  }

  @Override
  public void update(JsonNode incident, Frame frame) {
    String stamp = String.format("[+%.1fs] ", Duration.between(start, clock.get()).toMillis() / 1000.0);
    for (Frame.Line line : frame.lines()) {
      String text = line.text().strip();
      if (!text.equals(printed.put(line.key(), text))) {
        out.println(stamp + text);
      }
    }
    out.flush();
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
