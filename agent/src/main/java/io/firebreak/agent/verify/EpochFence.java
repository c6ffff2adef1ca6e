package io.firebreak.agent.verify;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The highest command epoch this host has accepted, per incident. A command whose epoch is lower
 * than that mark is superseded and refused, so a delayed retry of an early command (isolate) never
 * lands after a later one (release). Equal epochs pass: one epoch spans several steps. Thread-safe;
 * {@link #admit} checks and raises the mark atomically.
 */
public final class EpochFence {
  private final Map<String, Long> highestByIncident = new HashMap<>();

  /**
   * Admits {@code epoch} for {@code incidentId} and raises the mark to it, or refuses it.
   *
   * @return empty if admitted, otherwise the rejection reason ("superseded by epoch N ...")
   */
  public synchronized Optional<String> admit(String incidentId, long epoch) {
    Long highest = highestByIncident.get(incidentId);
    if (highest != null && epoch < highest) {
      return Optional.of(
          "superseded by epoch "
              + highest
              + " (command has epoch "
              + epoch
              + ") for incident "
              + incidentId);
    }
    highestByIncident.put(incidentId, epoch);
    return Optional.empty();
  }

  /** Raises the mark for {@code incidentId} to at least {@code epoch} (journal replay at start). */
  public synchronized void restore(String incidentId, long epoch) {
    highestByIncident.merge(incidentId, epoch, Math::max);
  }

  /** The highest accepted epoch for {@code incidentId}, if any. */
  public synchronized Optional<Long> highest(String incidentId) {
    return Optional.ofNullable(highestByIncident.get(incidentId));
  }
}
