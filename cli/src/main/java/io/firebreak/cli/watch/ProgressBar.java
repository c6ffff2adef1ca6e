package io.firebreak.cli.watch;

/** A text progress bar, {@code [########------------]}, ASCII so that any terminal shows it. */
final class ProgressBar {
  static final int WIDTH = 20;

  private ProgressBar() {}

  static String of(int done, int total) {
    int filled = total <= 0 ? 0 : (int) Math.floor((double) Math.min(done, total) * WIDTH / total);
    return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "]";
  }
}
