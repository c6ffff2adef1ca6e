package io.firebreak.orchestrator.gdap;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock and a sleeper in one: {@link #sleep} records the duration and moves the clock forward
 * instead of waiting, so retries and polls take no real time and the fake's state machine, which
 * reads the same clock, advances as if they had.
 */
final class FakeTime extends Clock implements Sleeper {
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-01T09:00:00Z"));
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();

  @Override
  public void sleep(Duration duration) {
    sleeps.add(duration);
    advance(duration);
  }

  void advance(Duration duration) {
    now.updateAndGet(instant -> instant.plus(duration));
  }

  /** Every duration asked of the sleeper, in order. */
  List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("UTC only");
  }
}
