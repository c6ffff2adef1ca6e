package io.firebreak.orchestrator.gateway;

import java.util.List;

/** Stores per-host results with evidence. */
public interface ResultRecorder {

  /** The results of some hosts of one incident's step, to be stored together. */
  record Batch(String incidentId, String step, String action, List<RecordedResult> results) {
    public Batch {
      results = List.copyOf(results);
    }
  }

  /**
   * Stores several batches; when it returns all are durable. An implementation may write them
   * together. If it throws, some may have been stored: recording a result again overwrites it, so
   * the caller may retry the lot.
   */
  void recordAll(List<Batch> batches);

  /** Stores {@code results}; when it returns they are durable. */
  default void record(String incidentId, String step, String action, List<RecordedResult> results) {
    recordAll(List.of(new Batch(incidentId, step, action, results)));
  }
}
