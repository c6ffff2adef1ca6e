package io.firebreak.orchestrator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

import io.firebreak.orchestrator.gateway.FakeAgent.Behaviour;
import io.firebreak.orchestrator.registry.AgentDao;
import io.firebreak.orchestrator.registry.AgentRecord;
import io.firebreak.orchestrator.storage.TestDatabase;
import io.firebreak.proto.agent.v1.GatewayMessage;
import io.grpc.ForwardingServerCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How streams coming and going leave the session table and the registry, race by race. */
class AgentGatewayServiceTest {
  @TempDir Path dir;
  final ExecutorService registryUpdates = Executors.newSingleThreadExecutor();
  final AtomicBoolean failNextWelcome = new AtomicBoolean();
  AgentDao registry;
  /** What the service writes to: the registry, unless a test puts something in front of it. */
  AgentRegistry store;
  AgentSessions sessions;
  Server server;
  ManagedChannel channel;

  @BeforeEach
  void setUp() {
    registry = new AgentDao(TestDatabase.create(dir));
    store = registry;
  }

  @AfterEach
  void tearDown() {
    if (channel != null) {
      channel.shutdownNow();
      server.shutdownNow();
    }
    registryUpdates.shutdownNow();
  }

  @Test
  void connect_whoseWelcomeCannotBeSent_leavesNoSessionAndTheHostDisconnected() throws Exception {
    start(new AgentSessions());
    new FakeAgent("web-1", Behaviour.ANSWER).connect(channel, "blue");
    failNextWelcome.set(true);

    FakeAgent unwelcomed = new FakeAgent("web-1", Behaviour.ANSWER).connect(channel, "blue");

    assertThat(unwelcomed.closedWith).isNotNull();
    assertThat(sessions.get("web-1")).isNull();
    assertThat(sessions.size()).isZero();
    AgentRecord row = registryRowOnceUpdated("web-1");
    assertThat(row.connected()).isFalse();
    assertThat(row.gatewayId()).isNull();
  }

  @Test
  void connect_betweenTheOldStreamLeavingAndItsDisconnectBeingQueued_leavesTheHostConnected()
      throws Exception {
    CountDownLatch oldSessionRemoved = new CountDownLatch(1);
    CountDownLatch newSessionRegistered = new CountDownLatch(1);
    start(holdingTheFirstRemoval(oldSessionRemoved, newSessionRegistered));
    FakeAgent old = new FakeAgent("web-1", Behaviour.ANSWER).connect(channel, "blue");
    Thread closing = new Thread(old::hangUp, "old-stream-closing");
    closing.start();
    assertThat(oldSessionRemoved.await(5, TimeUnit.SECONDS)).isTrue();

    FakeAgent reconnected = new FakeAgent("web-1", Behaviour.ANSWER).connect(channel, "blue");
    newSessionRegistered.countDown();
    closing.join(5_000);

    assertThat(closing.isAlive()).isFalse();
    assertThat(reconnected.welcomed.getCount()).isZero();
    assertThat(reconnected.closedWith).isNull();
    assertThat(sessions.get("web-1")).isNotNull();
    AgentRecord row = registryRowOnceUpdated("web-1");
    assertThat(row.connected()).isTrue();
    assertThat(row.gatewayId()).isEqualTo("gw-t");
  }

  @Test
  void registryThatFailsForAWhile_getsEveryUpdateInOrder() throws Exception {
    java.util.concurrent.atomic.AtomicInteger failuresLeft = new java.util.concurrent.atomic.AtomicInteger(3);
    store = new AgentRegistry() {
      @Override
      public void connected(AgentRegistration registration) {
        registry.connected(registration);
      }

      @Override
      public void disconnected(String hostId, String gatewayId) {
        registry.disconnected(hostId, gatewayId);
      }

      @Override
      public void applyAll(List<Update> updates) {
        if (failuresLeft.getAndDecrement() > 0) {
          throw new IllegalStateException("database unavailable");
        }
        registry.applyAll(updates);
      }
    };
    start(new AgentSessions());

    FakeAgent first = new FakeAgent("web-1", Behaviour.ANSWER).connect(channel, "blue");
    new FakeAgent("web-2", Behaviour.ANSWER).connect(channel, "blue");
    first.hangUp();

    assertThat(registryRowOnceUpdated("web-2").connected()).as("connected while the store failed").isTrue();
    AgentRecord left = registry.find(List.of("web-1")).get(0);
    assertThat(left.connected()).as("connected, then gone: the disconnect applied after the connect").isFalse();
    assertThat(failuresLeft.get()).isNegative();
  }

  private void start(AgentSessions sessions) throws Exception {
    this.sessions = sessions;
    String name = InProcessServerBuilder.generateName();
    AgentGatewayService service = new AgentGatewayService("gw-t", Set.of("blue"), sessions, store,
        registryUpdates, Clock.systemUTC());
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(ServerInterceptors.intercept(service, new WelcomeFailure()))
        .build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
  }

  /**
   * Real sessions, except that the first thread to take a session out of them is held right
   * after, until {@code release}: the moment the old stream has left but its disconnect may not
   * be queued yet.
   */
  private static AgentSessions holdingTheFirstRemoval(CountDownLatch removed, CountDownLatch release) {
    AtomicBoolean held = new AtomicBoolean();
    return mock(AgentSessions.class, withSettings().spiedInstance(new AgentSessions()).defaultAnswer(call -> {
      Object result = call.callRealMethod();
      if (call.getMethod().getName().equals("remove") && Boolean.TRUE.equals(result) && held.compareAndSet(false, true)) {
        removed.countDown();
        assertThat(release.await(5, TimeUnit.SECONDS)).isTrue();
      }
      return result;
    }));
  }

  /** Waits for every registry update queued so far to be applied, then reads the host's row. */
  private AgentRecord registryRowOnceUpdated(String hostId) throws InterruptedException {
    registryUpdates.shutdown();
    assertThat(registryUpdates.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    return registry.find(List.of(hostId)).get(0);
  }

  /** Fails the next Welcome the way writing to a call the agent already cancelled fails. */
  private final class WelcomeFailure implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
        ServerCallHandler<Q, R> next) {
      return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
        @Override
        public void sendMessage(R message) {
          if (message instanceof GatewayMessage gatewayMessage && gatewayMessage.hasWelcome()
              && failNextWelcome.compareAndSet(true, false)) {
            throw Status.CANCELLED.withDescription("call already cancelled").asRuntimeException();
          }
          super.sendMessage(message);
        }
      }, headers);
    }
  }
}
