package io.firebreak.agent.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.agent.verify.NonceCache.Admission;
import org.junit.jupiter.api.Test;

class NonceCacheTest {
  private final NonceCache cache = new NonceCache(2);

  @Test
  void remember_refusesANonceSeenBeforeItsExpiry() {
    assertThat(cache.remember("a", 1_000, 0)).isEqualTo(Admission.NEW);
    assertThat(cache.remember("a", 1_000, 999)).isEqualTo(Admission.REPLAYED);
    assertThat(cache.remember("a", 1_000, 1_000)).isEqualTo(Admission.REPLAYED);
  }

  @Test
  void remember_forgetsANonceOnceItsCommandExpired() {
    cache.remember("a", 1_000, 0);
    assertThat(cache.remember("b", 5_000, 1_001)).isEqualTo(Admission.NEW);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void remember_failsClosedWhenFullOfUnexpiredNonces() {
    cache.remember("a", 1_000, 0);
    cache.remember("b", 2_000, 0);
    assertThat(cache.remember("c", 3_000, 500)).isEqualTo(Admission.FULL);
    assertThat(cache.remember("a", 1_000, 500)).isEqualTo(Admission.REPLAYED);
    assertThat(cache.remember("c", 3_000, 1_500)).isEqualTo(Admission.NEW);
  }
}
