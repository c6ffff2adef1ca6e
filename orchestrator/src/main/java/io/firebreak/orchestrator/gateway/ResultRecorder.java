package io.firebreak.orchestrator.gateway;

import java.util.List;

/** Stores per-host results with evidence. */
public interface ResultRecorder {
  void record(String incidentId, String step, String action, List<RecordedResult> results);
}
