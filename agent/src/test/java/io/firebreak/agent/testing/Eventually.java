package io.firebreak.agent.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until it holds or a timeout passes, for asynchronous assertions. */
public final class Eventually {
  private Eventually() {}

  /** Returns true as soon as {@code condition} holds, false if it still fails after timeout. */
  public static boolean holds(BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }
}
