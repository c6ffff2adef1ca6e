package io.firebreak.orchestrator.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.agent.trust.PartitionKeyFiles;
import io.firebreak.agent.verify.BatchSignatures;
import io.firebreak.orchestrator.gateway.FakeAgent.Behaviour;
import io.firebreak.proto.agent.v1.CommandEnvelope;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayDispatchTest {
  @TempDir Path dir;
  final AgentSessions sessions = new AgentSessions();
  final List<String> registryLog = Collections.synchronizedList(new ArrayList<>());
  final List<RecordedResult> recorded = Collections.synchronizedList(new ArrayList<>());
  ExecutorService registryUpdates;
  Server server;
  ManagedChannel channel;
  TestActivityEnvironment activities;
  DispatchActivities dispatch;

  @BeforeEach
  void setUp() throws Exception {
    String name = InProcessServerBuilder.generateName();
    registryUpdates = Executors.newSingleThreadExecutor();
    AgentRegistry registry = new AgentRegistry() {
      @Override
      public void connected(AgentRegistration registration) {
        registryLog.add("connected " + registration.hostId() + " " + registration.labels());
      }

      @Override
      public void disconnected(String hostId, String gatewayId) {
        registryLog.add("disconnected " + hostId + " from " + gatewayId);
      }
    };
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(new AgentGatewayService("gw-t", java.util.Set.of("blue"), sessions, registry, registryUpdates,
            Clock.systemUTC()))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    CommandSigner signer = new CommandSigner(PartitionKeyStore.open(dir, List.of("blue")), Duration.ofMinutes(5),
        Clock.systemUTC());
    activities = TestActivityEnvironment.newInstance();
    activities.registerActivitiesImplementations(new DispatchActivitiesImpl("gw-t", sessions, signer,
        batches -> batches.forEach(batch -> recorded.addAll(batch.results())), Clock.systemUTC(),
        (grant, partition, action, rollback) -> grant.equals("grt-ok") ? null : "grant " + grant + " was revoked by root: test"));
    dispatch = activities.newActivityStub(DispatchActivities.class, ActivityOptions.newBuilder()
        .setStartToCloseTimeout(Duration.ofSeconds(30))
        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
        .build());
  }

  @AfterEach
  void tearDown() {
    activities.close();
    channel.shutdownNow();
    server.shutdownNow();
    registryUpdates.shutdownNow();
  }

  @Test
  void connect_withoutHelloOrWithUnknownPartition_isRefused() throws Exception {
    FakeAgent stranger = new FakeAgent("red-1", Behaviour.ANSWER).connect(channel, "red");

    assertThat(stranger.closedWith.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
    assertThat(stranger.closedWith.getDescription()).contains("partition 'red' is not served by gateway gw-t");
    assertThat(sessions.get("red-1")).isNull();
  }

  @Test
  void connect_registersAndASecondConnectionOfTheSameHostReplacesTheFirst() throws Exception {
    FakeAgent first = new FakeAgent("web-1", Behaviour.ANSWER).connect(channel, "blue");
    FakeAgent second = new FakeAgent("web-1", Behaviour.ANSWER).connect(channel, "blue");

    assertThat(first.closedWith.getCode()).isEqualTo(Status.Code.ABORTED);
    assertThat(second.closedWith).isNull();
    assertThat(sessions.size()).isEqualTo(1);
    awaitRegistry(2);
    assertThat(registryLog).containsExactly("connected web-1 {role=web}", "connected web-1 {role=web}");
  }

  @Test
  void dispatch_sendsSignedCommandsAndRecordsEveryResultWithEvidence() throws Exception {
    List<FakeAgent> agents = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      agents.add(new FakeAgent("web-" + i, Behaviour.ANSWER).connect(channel, "blue"));
    }

    DispatchResult result = dispatch.dispatch(request(agents.stream().map(a -> a.hostId).toList(), 5_000));

    // Succeeded hosts are counted, not listed: their rows (with evidence) are recorded.
    assertThat(result.succeeded()).isEqualTo(50);
    assertThat(result.results()).isEmpty();
    assertThat(agents).allSatisfy(agent -> assertThat(agent.received).singleElement()
        .satisfies(command -> assertThat(command.getCommandId()).isEqualTo("inc-1/isolate/" + agent.hostId + "/1")));
    assertThat(recorded).hasSize(50).allSatisfy(row -> assertThat(row.evidence()).containsEntry("rules", "drop all"));
  }

  @Test
  void dispatch_signsConnectedHostsTogether_andAgentsWithoutTheFeatureAlone() throws Exception {
    List<FakeAgent> batching = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      batching.add(new FakeAgent("web-" + i, Behaviour.ANSWER).withFeatures(BatchSignatures.FEATURE)
          .connect(channel, "blue"));
    }
    FakeAgent older = new FakeAgent("web-old", Behaviour.ANSWER).connect(channel, "blue");

    DispatchResult result = dispatch.dispatch(request(List.of("web-1", "web-old", "web-2", "web-3"), 5_000));

    assertThat(result.succeeded()).isEqualTo(4);
    List<CommandEnvelope> together = batching.stream().map(agent -> agent.envelopes.get(0)).toList();
    assertThat(together).allSatisfy(envelope -> assertThat(envelope.getBatch().getLeafCount()).isEqualTo(3))
        .extracting(CommandEnvelope::getSignature).containsOnly(together.get(0).getSignature());
    CommandEnvelope alone = older.envelopes.get(0);
    assertThat(alone.hasBatch()).isFalse();
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(PartitionKeyFiles.read(dir.resolve("blue.pub")).publicKey());
    verifier.update(alone.getCommand().toByteArray());
    assertThat(verifier.verify(alone.getSignature().toByteArray())).isTrue();
  }

  @Test
  void dispatch_reportsSilentDisconnectedAndAbsentHostsUnreachableWithoutHanging() throws Exception {
    new FakeAgent("web-ok", Behaviour.ANSWER).connect(channel, "blue");
    new FakeAgent("web-silent", Behaviour.SILENT).connect(channel, "blue");
    new FakeAgent("web-drop", Behaviour.HANG_UP).connect(channel, "blue");

    long started = System.nanoTime();
    DispatchResult result = dispatch.dispatch(request(List.of("web-ok", "web-silent", "web-drop", "web-absent"), 800));
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    Map<String, HostResult> byHost = new java.util.HashMap<>();
    result.results().forEach(host -> byHost.put(host.hostId(), host));
    assertThat(result.succeeded()).isEqualTo(1);
    assertThat(byHost).doesNotContainKey("web-ok");
    assertThat(result.results()).extracting(HostResult::hostId).containsExactly("web-silent", "web-drop", "web-absent");
    assertThat(byHost.get("web-silent").outcome()).isEqualTo(HostOutcome.UNREACHABLE);
    assertThat(byHost.get("web-silent").detail()).isEqualTo("no result within 800 ms");
    assertThat(byHost.get("web-drop").detail()).contains("disconnected before answering");
    assertThat(byHost.get("web-absent").detail()).isEqualTo("not connected to gateway gw-t within 800 ms");
    assertThat(tookMs).isLessThan(10_000);
    awaitRegistry(4);
    assertThat(registryLog).contains("disconnected web-drop from gw-t");
  }

  @Test
  void dispatch_retriedAttemptResendsOnlyToHostsMissingFromTheLastHeartbeat() throws Exception {
    FakeAgent done = new FakeAgent("web-1", Behaviour.ANSWER).connect(channel, "blue");
    FakeAgent pending = new FakeAgent("web-2", Behaviour.ANSWER).connect(channel, "blue");
    activities.setHeartbeatDetails(new DispatchResult(List.of(
        new HostResult("web-1", "blue", HostOutcome.SUCCEEDED, "from the first attempt", false, 5))));

    DispatchResult result = dispatch.dispatch(request(List.of("web-1", "web-2"), 5_000));

    assertThat(done.received).isEmpty();
    assertThat(pending.received).hasSize(1);
    assertThat(result.succeeded()).isEqualTo(2);
    assertThat(recorded).extracting(RecordedResult::hostId).containsExactly("web-2");
  }

  @Test
  void dispatch_waitsForAHostThatConnectsDuringTheBatch() throws Exception {
    Thread late = new Thread(() -> {
      try {
        Thread.sleep(300);
        new FakeAgent("web-late", Behaviour.ANSWER).connect(channel, "blue");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    late.start();

    DispatchResult result = dispatch.dispatch(request(List.of("web-late"), 5_000));

    late.join();
    assertThat(result.succeeded()).isEqualTo(1);
    assertThat(result.results()).isEmpty();
  }

  private static DispatchRequest request(List<String> hosts, long timeoutMs) {
    return new DispatchRequest("inc-1", "isolate", "isolate-host", Map.of("reason", "test"),
        hosts.stream().map(host -> new TargetHost(host, "blue", "gw-t")).toList(), 1, timeoutMs, "grt-ok");
  }

  @Test
  void dispatch_underARevokedGrant_signsAndSendsNothingAndRejectsEveryHost() throws Exception {
    FakeAgent agent = new FakeAgent("web-9", Behaviour.ANSWER).connect(channel, "blue");
    DispatchRequest revoked = new DispatchRequest("inc-1", "isolate", "isolate-host", Map.of(),
        List.of(new TargetHost("web-9", "blue", "gw-t")), 1, 5_000, "grt-gone");

    DispatchResult result = dispatch.dispatch(revoked);

    assertThat(result.results()).singleElement().satisfies(host -> {
      assertThat(host.outcome()).isEqualTo(HostOutcome.REJECTED);
      assertThat(host.detail()).isEqualTo("grant grt-gone was revoked by root: test");
    });
    assertThat(agent.received).isEmpty();
    assertThat(recorded).singleElement().extracting(RecordedResult::outcome).isEqualTo(HostOutcome.REJECTED);
  }

  private void awaitRegistry(int entries) throws InterruptedException {
    for (int i = 0; i < 100 && registryLog.size() < entries; i++) {
      Thread.sleep(20);
    }
  }
}
