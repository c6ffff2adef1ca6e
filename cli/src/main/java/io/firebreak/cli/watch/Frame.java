package io.firebreak.cli.watch;

import java.util.List;

/**
 * One rendering of an incident: lines with a stable key. {@code text} changes only when the
 * incident does (plain output prints a line when it changes); {@code live} is what changes with
 * time alone (elapsed, rate, ETA), shown only by the terminal view.
 */
record Frame(List<Line> lines) {
  record Line(String key, String text, String live) {
    String full() {
      return live.isEmpty() ? text : text + live;
    }
  }
}
