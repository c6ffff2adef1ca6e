package io.firebreak.orchestrator.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.orchestrator.demo.FreePorts;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import org.junit.jupiter.api.Test;

class StickyExecutionTest {

  @Test
  void auto_isOffForTheEmbeddedEngine_whichReportsNoVersion() {
    int port = FreePorts.pick();
    EmbeddedTemporal engine = EmbeddedTemporal.start(port);
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    try {
      String version = StickyExecution.serverVersion(stubs, "127.0.0.1:" + port);

      assertThat(version).isEmpty();
      // Run on its own (firebreak temporal) it is an external target, and still off.
      assertThat(StickyExecution.decide("auto", false, () -> version)).isFalse();
    } finally {
      stubs.shutdownNow();
      engine.stop();
    }
  }

  @Test
  void auto_isOnForAServiceThatReportsAVersion() throws Exception {
    String name = InProcessServerBuilder.generateName();
    Server cluster = InProcessServerBuilder.forName(name).directExecutor()
        .addService(new WorkflowServiceGrpc.WorkflowServiceImplBase() {
          @Override
          public void getSystemInfo(GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> answer) {
            answer.onNext(GetSystemInfoResponse.newBuilder().setServerVersion("1.27.2").build());
            answer.onCompleted();
          }
        }).build().start();
    ManagedChannel channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
        .setChannel(channel).setEnableHttps(false).build());
    try {
      String version = StickyExecution.serverVersion(stubs, "cluster");

      assertThat(version).isEqualTo("1.27.2");
      assertThat(StickyExecution.decide("auto", false, () -> version)).isTrue();
    } finally {
      stubs.shutdownNow();
      channel.shutdownNow();
      cluster.shutdownNow();
    }
  }

  @Test
  void onAndOffForceIt_andTheEmbeddedEngineInThisProcessIsOnWithoutBeingAsked() {
    assertThat(StickyExecution.decide("on", true, () -> "")).isTrue();
    assertThat(StickyExecution.decide("off", false, () -> "1.27.2")).isFalse();
    assertThat(StickyExecution.decide("off", true, () -> "")).isFalse();
    // Its workers die with it: nothing can wait on a dead worker's sticky queue.
    assertThat(StickyExecution.decide("auto", true, () -> {
      throw new AssertionError("the embedded engine in this process is not asked");
    })).isTrue();
    // An unquoted YAML on/off arrives as a boolean.
    assertThat(StickyExecution.decide("true", false, () -> "")).isTrue();
    assertThat(StickyExecution.decide("false", false, () -> "1.27.2")).isFalse();
    assertThatThrownBy(() -> StickyExecution.decide("sometimes", false, () -> ""))
        .hasMessage("temporal.stickyExecution must be auto, on or off, not 'sometimes'");
  }
}
