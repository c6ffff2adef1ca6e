package io.firebreak.cli.watch;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Answer rate and time left per step, measured by the watcher itself: hosts answered since it
 * first saw the step moving, over the time since. Not thread-safe (one watcher).
 */
final class StepRates {
  private record Start(Instant at, int answered) {}

  private final Map<String, Start> starts = new HashMap<>();
  private final Map<String, String> finalText = new HashMap<>();

  /** {@code 12.5/s  ETA 3s}, or empty before there is anything to measure. */
  String describe(StepCounts step, Instant now) {
    if (finalText.containsKey(step.name())) {
      return finalText.get(step.name());
    }
    if (!step.state().equals("running") && step.answered() == 0) {
      return "";
    }
    Start start = starts.computeIfAbsent(step.name(), name -> new Start(now, step.answered()));
    double seconds = Duration.between(start.at(), now).toMillis() / 1000.0;
    int answered = step.answered() - start.answered();
    if (seconds < 0.4 || answered <= 0) {
      return step.pending() == 0 ? "" : "measuring...";
    }
    double rate = answered / seconds;
    String text = String.format("%.1f/s", rate);
    if (step.pending() == 0) {
      finalText.put(step.name(), text);
      return text;
    }
    return text + "  ETA " + duration(Duration.ofMillis((long) (step.pending() / rate * 1000)));
  }

  /** {@code <1s}, {@code 45s}, {@code 3m05s}, {@code 1h02m}. */
  static String duration(Duration duration) {
    if (duration.toMillis() < 1000) {
      return "<1s";
    }
    long seconds = duration.toSeconds();
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format("%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
  }
}
