package io.firebreak.orchestrator.gateway;

import java.util.List;

/** Per-host results of one dispatch batch, one entry per requested host. */
public record DispatchResult(List<HostResult> results) {}
