package io.firebreak.agent.connection;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential reconnect backoff with full jitter: the n-th consecutive failure waits a uniformly
 * random time in [0, min(max, initial × 2ⁿ)]. {@link #reset} after a successful registration.
 * Thread-safe.
 */
public final class Backoff {
  /** 200 ms initial, doubling, capped at 5 s (agents are back soon after a gateway restart). */
  public static final Backoff.Policy DEFAULT_POLICY =
      new Policy(Duration.ofMillis(200), Duration.ofSeconds(5));

  /**
   * The shape of a backoff.
   *
   * @param initial the ceiling of the first delay
   * @param max the cap of every delay
   */
  public record Policy(Duration initial, Duration max) {
    public Policy {
      Objects.requireNonNull(initial, "initial");
      Objects.requireNonNull(max, "max");
      if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
        throw new IllegalArgumentException("need 0 < initial <= max: " + initial + ", " + max);
      }
    }
  }

  private final Policy policy;
  private int failures;

  public Backoff(Policy policy) {
    this.policy = policy;
  }

  /** The delay before the next attempt; counts one more consecutive failure. */
  public synchronized Duration nextDelay() {
    long ceiling = ceilingMillis(failures);
    failures = Math.min(failures + 1, 62);
    return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
  }

  /** Forgets past failures. */
  public synchronized void reset() {
    failures = 0;
  }

  long ceilingMillis(int failureCount) {
    long initial = policy.initial().toMillis();
    long max = policy.max().toMillis();
    if (failureCount >= 62 || initial > (max >> Math.min(failureCount, 62))) {
      return max;
    }
    return Math.min(max, initial << failureCount);
  }
}
