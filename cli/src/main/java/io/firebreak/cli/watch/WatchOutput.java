package io.firebreak.cli.watch;

import com.fasterxml.jackson.databind.JsonNode;

/** Where the watch view goes: a redrawn terminal screen, changed lines, or JSON lines. */
interface WatchOutput extends AutoCloseable {
  /** A new poll result. */
  void update(JsonNode incident, Frame frame);

  /** The incident ended; {@code frame} is its last view. */
  void finish(JsonNode incident, Frame frame);

  /** Restores the terminal if needed; called once, also when the watch fails. */
  @Override
  void close();
}
