package io.firebreak.orchestrator.gateway;

/**
 * A host a step acts on, with the gateway instance that held its stream when it was resolved.
 *
 * @param gatewayId null when the host is registered but not connected to any gateway
 */
public record TargetHost(String hostId, String partition, String gatewayId) {}
