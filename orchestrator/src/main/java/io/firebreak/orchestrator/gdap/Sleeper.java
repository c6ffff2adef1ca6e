package io.firebreak.orchestrator.gdap;

import java.time.Duration;

/**
 * Waits between Graph retries and termination polls. Production uses {@link #SYSTEM} (a real
 * {@link Thread#sleep}); tests pass one that records the requested durations and advances a test
 * clock, so nothing waits in real time.
 */
@FunctionalInterface
public interface Sleeper {
  /** Sleeps in real time. */
  Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

  /**
   * Waits for {@code duration}.
   *
   * @throws InterruptedException when the waiting thread is interrupted (a cancelled activity)
   */
  void sleep(Duration duration) throws InterruptedException;
}
