package io.firebreak.agent.testing;

import io.firebreak.proto.agent.v1.AgentGatewayGrpc;
import io.firebreak.proto.agent.v1.AgentMessage;
import io.firebreak.proto.agent.v1.CommandEnvelope;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.GatewayMessage;
import io.firebreak.proto.agent.v1.HeartbeatAck;
import io.firebreak.proto.agent.v1.Hello;
import io.firebreak.proto.agent.v1.Welcome;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A gateway for tests on a real loopback socket: welcomes every Hello, acknowledges heartbeats,
 * records every stream with its remote address, and sends commands to a host's latest stream.
 */
public final class FakeGateway implements AutoCloseable {
  private static final Context.Key<SocketAddress> REMOTE = Context.key("remote-address");

  /** One agent stream as the gateway saw it. */
  public static final class AgentStream {
    private final Hello hello;
    private final SocketAddress remoteAddress;
    private final StreamObserver<GatewayMessage> responses;
    private final BlockingQueue<CommandResult> results = new LinkedBlockingQueue<>();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private volatile boolean ended;

    AgentStream(
        Hello hello, SocketAddress remoteAddress, StreamObserver<GatewayMessage> responses) {
      this.hello = hello;
      this.remoteAddress = remoteAddress;
      this.responses = responses;
    }

    public Hello hello() {
      return hello;
    }

    public SocketAddress remoteAddress() {
      return remoteAddress;
    }

    public int heartbeats() {
      return heartbeats.get();
    }

    public boolean ended() {
      return ended;
    }

    synchronized void send(GatewayMessage message) {
      responses.onNext(message);
    }

    /** Sends {@code envelope} and waits for the result with the same command id. */
    public CommandResult execute(CommandEnvelope envelope, String commandId, Duration timeout)
        throws InterruptedException {
      send(GatewayMessage.newBuilder().setCommand(envelope).build());
      long deadline = System.nanoTime() + timeout.toNanos();
      while (true) {
        CommandResult result = results.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (result == null) {
          throw new AssertionError("no result for " + commandId + " from " + hello.getHostId());
        }
        if (result.getCommandId().equals(commandId)) {
          return result;
        }
      }
    }
  }

  private final Server server;
  private final long heartbeatIntervalMs;
  private final List<AgentStream> streams = new CopyOnWriteArrayList<>();
  private volatile boolean answerHeartbeats = true;

  private FakeGateway(InetSocketAddress address, long heartbeatIntervalMs) throws IOException {
    this.heartbeatIntervalMs = heartbeatIntervalMs;
    ServerInterceptor remember =
        new ServerInterceptor() {
          @Override
          public <Q, R> ServerCall.Listener<Q> interceptCall(
              ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            SocketAddress remote = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
            return Contexts.interceptCall(
                Context.current().withValue(REMOTE, remote), call, headers, next);
          }
        };
    server =
        NettyServerBuilder.forAddress(address)
            .addService(ServerInterceptors.intercept(new Service(), remember))
            .build()
            .start();
  }

  /** A gateway on {@code port} (0: any free port) asking for heartbeats every interval. */
  public static FakeGateway start(int port, long heartbeatIntervalMs) throws IOException {
    return new FakeGateway(new InetSocketAddress("127.0.0.1", port), heartbeatIntervalMs);
  }

  /** A gateway bound to {@code address} (e.g. every interface of a test network namespace). */
  public static FakeGateway start(InetSocketAddress address, long heartbeatIntervalMs)
      throws IOException {
    return new FakeGateway(address, heartbeatIntervalMs);
  }

  public int port() {
    return server.getPort();
  }

  public String target() {
    return "127.0.0.1:" + port();
  }

  /** From now on, count heartbeats but never acknowledge them (a half-open gateway). */
  public void stopAnsweringHeartbeats() {
    answerHeartbeats = false;
  }

  /** Every stream that sent a Hello, in arrival order. */
  public List<AgentStream> streams() {
    return List.copyOf(streams);
  }

  /** The latest stream of {@code hostId}. */
  public AgentStream latest(String hostId) {
    for (int index = streams.size() - 1; index >= 0; index--) {
      if (streams.get(index).hello.getHostId().equals(hostId)) {
        return streams.get(index);
      }
    }
    throw new AssertionError("host " + hostId + " never connected");
  }

  /** Waits until at least {@code count} streams have sent a Hello. */
  public boolean awaitStreams(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (streams.size() < count) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  @Override
  public void close() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private final class Service extends AgentGatewayGrpc.AgentGatewayImplBase {
    @Override
    public StreamObserver<AgentMessage> connect(StreamObserver<GatewayMessage> responses) {
      SocketAddress remote = REMOTE.get();
      return new StreamObserver<>() {
        private AgentStream stream;

        @Override
        public void onNext(AgentMessage message) {
          switch (message.getKindCase()) {
            case HELLO -> {
              stream = new AgentStream(message.getHello(), remote, responses);
              // Recorded before the Welcome: a test that saw the agent connect must find its stream.
              streams.add(stream);
              stream.send(
                  GatewayMessage.newBuilder()
                      .setWelcome(
                          Welcome.newBuilder()
                              .setGatewayId("fake-gateway")
                              .setHeartbeatIntervalMs(heartbeatIntervalMs)
                              .setServerTimeMs(System.currentTimeMillis()))
                      .build());
            }
            case HEARTBEAT -> {
              stream.heartbeats.incrementAndGet();
              if (answerHeartbeats) {
                stream.send(
                    GatewayMessage.newBuilder()
                        .setHeartbeatAck(
                            HeartbeatAck.newBuilder()
                                .setSentAtMs(message.getHeartbeat().getSentAtMs()))
                        .build());
              }
            }
            case RESULT -> stream.results.add(message.getResult());
            default -> throw new IllegalStateException("unexpected " + message.getKindCase());
          }
        }

        @Override
        public void onError(Throwable error) {
          if (stream != null) {
            stream.ended = true;
          }
        }

        @Override
        public void onCompleted() {
          if (stream != null) {
            stream.ended = true;
          }
          responses.onCompleted();
        }
      };
    }
  }
}
