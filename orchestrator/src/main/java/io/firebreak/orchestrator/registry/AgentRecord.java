package io.firebreak.orchestrator.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A registered agent as the registry knows it. */
public record AgentRecord(
    String hostId,
    String partition,
    Map<String, String> labels,
    List<String> capabilities,
    String agentVersion,
    boolean simulated,
    String gatewayId,
    boolean connected,
    Instant firstSeenAt,
    Instant lastSeenAt) {}
