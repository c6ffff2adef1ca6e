package io.firebreak.orchestrator.gateway;

/**
 * The result of one step on one host, as returned to the workflow. Evidence is not carried here
 * (it is written to the database by the dispatch activity) so that workflow history stays small.
 *
 * @param duplicate true when the agent answered from its journal (it had already executed this
 *     command id)
 */
public record HostResult(
    String hostId,
    String partition,
    HostOutcome outcome,
    String detail,
    boolean duplicate,
    long finishedAtMs) {}
