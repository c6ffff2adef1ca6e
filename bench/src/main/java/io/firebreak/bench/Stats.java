package io.firebreak.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Percentiles of a set of timings, in seconds. */
final class Stats {
  private Stats() {}

  static double percentile(List<Double> values, double percentile) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  static Map<String, Object> summary(List<Double> seconds) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("p50_s", round(percentile(seconds, 50)));
    summary.put("p99_s", round(percentile(seconds, 99)));
    summary.put("runs_s", seconds.stream().map(Stats::round).toList());
    return summary;
  }

  static double round(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }
}
