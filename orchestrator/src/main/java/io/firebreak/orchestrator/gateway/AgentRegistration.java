package io.firebreak.orchestrator.gateway;

import java.util.List;
import java.util.Map;

/** What an agent said about itself in its Hello, and where it is connected. */
public record AgentRegistration(
    String hostId,
    String partition,
    Map<String, String> labels,
    List<String> capabilities,
    String agentVersion,
    boolean simulated,
    String gatewayId,
    long connectedAtMs) {}
