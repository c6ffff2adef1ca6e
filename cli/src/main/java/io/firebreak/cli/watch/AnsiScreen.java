package io.firebreak.cli.watch;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;

/**
 * Redraws the view in place on an ANSI terminal: the terminal's alternate screen while the
 * incident runs (like {@code top}), then back to the normal screen with the final view printed, so
 * it stays in the scrollback. Restores the screen and cursor on Ctrl-C too.
 */
final class AnsiScreen implements WatchOutput {
  private static final String ENTER = "\033[?1049h\033[?25l";
  private static final String LEAVE = "\033[?25h\033[?1049l";
  private static final String HOME = "\033[H";
  private static final String CLEAR_LINE = "\033[K";
  private static final String CLEAR_BELOW = "\033[J";

  private final PrintWriter out;
  private final Thread restore;
  private boolean active;

  AnsiScreen(PrintWriter out) {
    this.out = out;
    this.restore = new Thread(this::leave, "firebreak-watch-restore-terminal");
    Runtime.getRuntime().addShutdownHook(restore);
    out.print(ENTER);
    out.flush();
    active = true;
  }

  @Override
  public void update(JsonNode incident, Frame frame) {
    StringBuilder screen = new StringBuilder(HOME);
    for (Frame.Line line : frame.lines()) {
      screen.append(line.full()).append(CLEAR_LINE).append('\n');
    }
    screen.append(CLEAR_BELOW);
    out.print(screen);
    out.flush();
  }

  @Override
  public void finish(JsonNode incident, Frame frame) {
    leave();
    frame.lines().forEach(line -> out.println(line.full()));
    out.flush();
  }

  @Override
  public void close() {
    leave();
    try {
      Runtime.getRuntime().removeShutdownHook(restore);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook restores the terminal.
    }
  }

  private synchronized void leave() {
    if (active) {
      active = false;
      out.print(LEAVE);
      out.flush();
    }
  }
}
