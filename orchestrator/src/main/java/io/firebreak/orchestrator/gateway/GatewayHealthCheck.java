package io.firebreak.orchestrator.gateway;

import com.codahale.metrics.health.HealthCheck;
import java.util.function.IntSupplier;
import java.util.function.BooleanSupplier;

/** Healthy while the gateway's gRPC server is serving; reports how many agents it holds. */
public final class GatewayHealthCheck extends HealthCheck {
  private final String gatewayId;
  private final BooleanSupplier serving;
  private final IntSupplier connectedAgents;

  public GatewayHealthCheck(String gatewayId, BooleanSupplier serving, IntSupplier connectedAgents) {
    this.gatewayId = gatewayId;
    this.serving = serving;
    this.connectedAgents = connectedAgents;
  }

  @Override
  protected Result check() {
    if (!serving.getAsBoolean()) {
      return Result.unhealthy("gateway %s is not serving", gatewayId);
    }
    return Result.healthy("gateway %s serving %d connected agents", gatewayId, connectedAgents.getAsInt());
  }
}
