package io.firebreak.orchestrator.gateway;

import java.util.Map;

/** One host's result with its evidence, as stored. */
public record RecordedResult(
    String hostId,
    String partition,
    String commandId,
    HostOutcome outcome,
    String detail,
    boolean duplicate,
    Map<String, String> evidence,
    long startedAtMs,
    long finishedAtMs) {}
