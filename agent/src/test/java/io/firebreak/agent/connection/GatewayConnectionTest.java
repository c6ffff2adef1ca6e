package io.firebreak.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.proto.agent.v1.AgentGatewayGrpc;
import io.firebreak.proto.agent.v1.AgentMessage;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.GatewayMessage;
import io.firebreak.proto.agent.v1.Hello;
import io.firebreak.proto.agent.v1.Welcome;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class GatewayConnectionTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final Backoff.Policy FAST =
      new Backoff.Policy(Duration.ofMillis(10), Duration.ofMillis(50));

  private final String name = InProcessServerBuilder.generateName();
  private final List<String> hellos = new CopyOnWriteArrayList<>();
  private final AtomicInteger dials = new AtomicInteger();
  private final ConnectionWaiter waiter = new ConnectionWaiter(ConnectionListener.NONE);
  private Server server;
  private AgentResources resources;
  private GatewayConnection connection;

  @BeforeEach
  void start() throws IOException {
    server =
        InProcessServerBuilder.forName(name)
            .directExecutor()
            .addService(new WelcomingGateway())
            .build()
            .start();
    resources = AgentResources.create(1, 1);
  }

  @AfterEach
  void stop() {
    if (connection != null) {
      connection.disconnect();
    }
    resources.close();
    server.shutdownNow();
  }

  @Test
  @Timeout(30)
  void streamFailingBeforeTheWelcome_dialsAgainAndRegisters() throws Exception {
    // The first dial fails in the agent's own process, as when no socket can be opened: the stream
    // ends UNKNOWN with only a cause, before any Welcome.
    ChannelFactory channels =
        target -> {
          // No direct executor: as with Netty, responses arrive on another thread, not inside the
          // connection's own dial (which holds its lock).
          InProcessChannelBuilder builder = InProcessChannelBuilder.forName(name);
          if (dials.incrementAndGet() == 1) {
            builder.intercept(new FailingCalls(new IOException("Too many open files")));
          }
          return builder.build();
        };
    connection =
        new GatewayConnection(
            name,
            Hello.newBuilder().setHostId("h-0001").setPartition("p1").build(),
            envelope -> CommandResult.getDefaultInstance(),
            channels,
            resources,
            FAST,
            waiter);

    connection.start();

    assertThat(waiter.await(connection::connected, TIMEOUT)).isTrue();
    assertThat(dials.get()).isEqualTo(2);
    assertThat(hellos).containsExactly("h-0001");
  }

  /** Welcomes every Hello. */
  private final class WelcomingGateway extends AgentGatewayGrpc.AgentGatewayImplBase {
    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<GatewayMessage> responses) {
      return new StreamObserver<>() {
        @Override
        public void onNext(AgentMessage message) {
          if (message.hasHello()) {
            hellos.add(message.getHello().getHostId());
            responses.onNext(
                GatewayMessage.newBuilder()
                    .setWelcome(
                        Welcome.newBuilder().setGatewayId("gw-test").setHeartbeatIntervalMs(60_000))
                    .build());
          }
        }

        @Override
        public void onError(Throwable error) {}

        @Override
        public void onCompleted() {
          responses.onCompleted();
        }
      };
    }
  }

  /** Calls that end at once with UNKNOWN and {@code cause}, as a channel that cannot connect. */
  private record FailingCalls(Throwable cause) implements ClientInterceptor {
    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(
        MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      return new ClientCall<>() {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          listener.onClose(Status.UNKNOWN.withCause(cause), new Metadata());
        }

        @Override
        public void request(int count) {}

        @Override
        public void cancel(String message, Throwable error) {}

        @Override
        public void halfClose() {}

        @Override
        public void sendMessage(Q message) {}
      };
    }
  }
}
