package io.firebreak.orchestrator.temporal;

import com.codahale.metrics.health.HealthCheck;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.concurrent.TimeUnit;

/** Healthy when the Temporal frontend answers a system-info call within two seconds. */
public final class TemporalHealthCheck extends HealthCheck {
  private final WorkflowServiceStubs stubs;
  private final String address;

  public TemporalHealthCheck(WorkflowServiceStubs stubs, String address) {
    this.stubs = stubs;
    this.address = address;
  }

  @Override
  protected Result check() {
    try {
      stubs.blockingStub()
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
      return Result.healthy("Temporal frontend at %s answers", address);
    } catch (io.grpc.StatusRuntimeException e) {
      return Result.unhealthy("Temporal frontend at %s: %s", address, e.getStatus());
    }
  }
}
