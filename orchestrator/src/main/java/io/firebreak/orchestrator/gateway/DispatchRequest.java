package io.firebreak.orchestrator.gateway;

import java.util.List;
import java.util.Map;

/**
 * One batch of hosts for one step, sent by one gateway.
 *
 * @param epoch ordering fence carried by every command (see the proto's Command.epoch)
 * @param hostTimeoutMs how long to wait for each host's result before reporting it unreachable
 * @param approvalRef the approval or grant that allows these commands, or empty
 */
public record DispatchRequest(
    String incidentId,
    String step,
    String action,
    Map<String, String> parameters,
    List<TargetHost> hosts,
    long epoch,
    long hostTimeoutMs,
    String approvalRef) {}
