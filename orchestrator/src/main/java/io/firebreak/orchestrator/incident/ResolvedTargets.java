package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.TargetHost;
import java.util.List;

/**
 * The plan snapshot of an incident's targets.
 *
 * @param hosts known hosts in a stable order (partition, then host id)
 * @param unknownHosts explicitly named hosts the registry does not know
 */
public record ResolvedTargets(List<TargetHost> hosts, List<String> unknownHosts) {}
