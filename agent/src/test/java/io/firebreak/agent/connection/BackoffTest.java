package io.firebreak.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final Backoff backoff = new Backoff(Backoff.DEFAULT_POLICY);

  @Test
  void ceiling_doublesFromTheInitialDelayUpToTheCap() {
    assertThat(backoff.ceilingMillis(0)).isEqualTo(200);
    assertThat(backoff.ceilingMillis(1)).isEqualTo(400);
    assertThat(backoff.ceilingMillis(4)).isEqualTo(3_200);
    assertThat(backoff.ceilingMillis(5)).isEqualTo(5_000);
    assertThat(backoff.ceilingMillis(61)).isEqualTo(5_000);
    assertThat(backoff.ceilingMillis(62)).isEqualTo(5_000);
  }

  @Test
  void nextDelay_staysWithinTheCeilingOfEachAttempt() {
    for (int attempt = 0; attempt < 100; attempt++) {
      long ceiling = backoff.ceilingMillis(Math.min(attempt, 62));
      assertThat(backoff.nextDelay()).isBetween(Duration.ZERO, Duration.ofMillis(ceiling));
    }
  }

  @Test
  void nextDelay_isJittered() {
    long distinct =
        java.util.stream.IntStream.range(0, 50)
            .mapToObj(
                attempt -> {
                  backoff.reset();
                  for (int failure = 0; failure < 6; failure++) {
                    backoff.nextDelay();
                  }
                  return backoff.nextDelay();
                })
            .distinct()
            .count();
    assertThat(distinct).isGreaterThan(10);
  }

  @Test
  void reset_startsOverFromTheInitialDelay() {
    for (int attempt = 0; attempt < 10; attempt++) {
      backoff.nextDelay();
    }
    backoff.reset();
    for (int attempt = 0; attempt < 20; attempt++) {
      backoff.reset();
      assertThat(backoff.nextDelay()).isLessThanOrEqualTo(Duration.ofMillis(200));
    }
  }

  @Test
  void policy_rejectsACapBelowTheInitialDelay() {
    assertThatThrownBy(() -> new Backoff.Policy(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
