package io.firebreak.orchestrator.incident;

import java.util.ArrayList;
import java.util.List;

/**
 * How an incident rolls out over its hosts: waves (a canary, then cumulative coverage targets, or
 * fixed-size waves), a cap on hosts in flight, a pause between waves, and error budgets. Waves are
 * outermost: every step runs on a wave's hosts before the next wave starts, so the canary gets
 * the whole response first.
 *
 * <p>Error budgets count problem outcomes (failed, rejected, rolled back, unreachable; not skipped)
 * per host: per wave relative to the wave's size, overall (distinct hosts, all steps so far)
 * relative to all targets. The rollout aborts when a count <em>exceeds</em> its budget: {@code 0}
 * tolerates no problem, {@code "100%"} never aborts.
 *
 * @param canary the first wave (count or percentage), or null
 * @param waves cumulative coverage after each following wave, e.g. {@code [5, "20%", "100%"]};
 *     coverage that has not reached all hosts after the last entry gets one more wave
 * @param waveSize fixed wave size instead of {@code waves}, or 0
 * @param maxConcurrency most hosts in flight at once within a wave (0 = no cap)
 * @param perWave problem budget per wave, or null for none
 * @param overall problem budget for the incident, or null for none
 * @param offlineWaitMs how long a host that is not connected when its wave starts is waited for
 *     before it counts as unreachable (0: at once)
 */
public record RolloutSpec(String canary, List<String> waves, int waveSize, int maxConcurrency, long pauseMs,
    String perWave, String overall, long offlineWaitMs) {

  /** One wave of everything, no cap, no pause, no budget, no waiting for offline hosts. */
  public static final RolloutSpec ALL_AT_ONCE = new RolloutSpec(null, List.of(), 0, 0, 0, null, null, 0);

  public RolloutSpec {
    waves = waves == null ? List.of() : List.copyOf(waves);
  }

  /** A rollout that does not wait for offline hosts. */
  public RolloutSpec(String canary, List<String> waves, int waveSize, int maxConcurrency, long pauseMs,
      String perWave, String overall) {
    this(canary, waves, waveSize, maxConcurrency, pauseMs, perWave, overall, 0);
  }

  /** The wave sizes for {@code total} hosts, in order; they add up to {@code total}. */
  public List<Integer> waveSizes(int total) {
    List<Integer> sizes = new ArrayList<>();
    int covered = 0;
    if (canary != null && total > 0) {
      covered = Math.max(1, Math.min(total, Amount.parse(canary).of(total)));
      sizes.add(covered);
    }
    if (waveSize > 0) {
      while (covered < total) {
        int next = Math.min(waveSize, total - covered);
        sizes.add(next);
        covered += next;
      }
      return sizes;
    }
    for (String target : waves) {
      int cumulative = Math.min(total, Amount.parse(target).of(total));
      if (cumulative > covered) {
        sizes.add(cumulative - covered);
        covered = cumulative;
      }
    }
    if (covered < total) {
      sizes.add(total - covered);
    }
    return sizes;
  }
}
