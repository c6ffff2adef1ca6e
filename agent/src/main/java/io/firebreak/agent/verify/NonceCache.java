package io.firebreak.agent.verify;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Remembers envelope nonces until their command expires, so that a replayed envelope is refused.
 * Memory is bounded: when {@code capacity} unexpired nonces are held, new envelopes are refused
 * (fail closed) rather than forgetting a nonce early. Thread-safe.
 */
final class NonceCache {
  /** What {@link #remember} concluded. */
  enum Admission {
    NEW,
    REPLAYED,
    FULL
  }

  private record Held(long expiresAtMs, String nonce) {}

  private final int capacity;
  private final Map<String, Long> expiryByNonce = new HashMap<>();
  private final PriorityQueue<Held> byExpiry =
      new PriorityQueue<>((left, right) -> Long.compare(left.expiresAtMs, right.expiresAtMs));

  NonceCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * Records {@code nonce} until {@code expiresAtMs} unless it is already held.
   *
   * @return NEW if it was not seen before (and is now held), REPLAYED if it was, FULL if the cache
   *     holds {@code capacity} unexpired nonces
   */
  synchronized Admission remember(String nonce, long expiresAtMs, long nowMs) {
    evictExpired(nowMs);
    if (expiryByNonce.containsKey(nonce)) {
      return Admission.REPLAYED;
    }
    if (expiryByNonce.size() >= capacity) {
      return Admission.FULL;
    }
    expiryByNonce.put(nonce, expiresAtMs);
    byExpiry.add(new Held(expiresAtMs, nonce));
    return Admission.NEW;
  }

  /** How many nonces are held (expired ones may still count until the next call). */
  synchronized int size() {
    return expiryByNonce.size();
  }

  private void evictExpired(long nowMs) {
    while (!byExpiry.isEmpty() && byExpiry.peek().expiresAtMs() < nowMs) {
      expiryByNonce.remove(byExpiry.poll().nonce());
    }
  }
}
