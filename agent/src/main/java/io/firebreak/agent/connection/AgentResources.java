package io.firebreak.agent.connection;

import com.google.common.net.InetAddresses;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads agents share: one Netty event loop group for every host's socket, one pool that
 * executes commands, and one scheduler for heartbeats and reconnects. A simulated fleet of
 * thousands of hosts therefore runs on a bounded number of threads while every host still opens its
 * own plain-text channel. All threads are daemons. Thread-safe; close it after the agents.
 */
public final class AgentResources implements AutoCloseable {
  private final EventLoopGroup eventLoopGroup;
  private final ExecutorService commandExecutor;
  private final ScheduledExecutorService scheduler;

  private AgentResources(int eventLoopThreads, int commandThreads) {
    eventLoopGroup =
        new MultiThreadIoEventLoopGroup(
            eventLoopThreads,
            new DefaultThreadFactory("firebreak-agent-io", true),
            NioIoHandler.newFactory());
    commandExecutor =
        Executors.newFixedThreadPool(
            commandThreads, new DefaultThreadFactory("firebreak-agent-command", true));
    ScheduledThreadPoolExecutor timer =
        new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("firebreak-agent-timer", true));
    timer.setRemoveOnCancelPolicy(true);
    scheduler = timer;
  }

  /**
   * Creates the shared threads.
   *
   * @param eventLoopThreads Netty I/O threads (1–2 are plenty for thousands of idle streams)
   * @param commandThreads threads executing commands (simulated latency blocks one of them)
   */
  public static AgentResources create(int eventLoopThreads, int commandThreads) {
    if (eventLoopThreads < 1 || commandThreads < 1) {
      throw new IllegalArgumentException("thread counts must be positive");
    }
    return new AgentResources(eventLoopThreads, commandThreads);
  }

  /** Opens plain-text Netty channels on the shared event loop group. */
  public ChannelFactory plaintextChannels() {
    return this::openPlaintext;
  }

  private ManagedChannel openPlaintext(String target) {
    InetSocketAddress literal = ipLiteral(target);
    // An address literal needs no name resolution: every re-dial of a fleet waiting for its
    // gateway would otherwise run a DNS resolver task (a tenth of a 1,000-host fleet's CPU while
    // its gateway restarts).
    NettyChannelBuilder builder =
        literal != null ? NettyChannelBuilder.forAddress(literal) : NettyChannelBuilder.forTarget(target);
    return builder
        .eventLoopGroup(eventLoopGroup)
        .channelType(NioSocketChannel.class)
        // Callbacks only enqueue work or flip flags: run them on the I/O thread, no extra pool.
        .directExecutor()
        .usePlaintext()
        .build();
  }

  /** {@code "10.0.0.5:7443"} or {@code "[::1]:7443"} as a socket address, or null for a name. */
  static InetSocketAddress ipLiteral(String target) {
    int colon = target.lastIndexOf(':');
    if (colon <= 0 || colon == target.length() - 1) {
      return null;
    }
    String host = target.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (!InetAddresses.isInetAddress(host)) {
      return null;
    }
    try {
      return new InetSocketAddress(InetAddresses.forString(host), Integer.parseInt(target.substring(colon + 1)));
    } catch (IllegalArgumentException notAPort) {
      return null;
    }
  }

  public ExecutorService commandExecutor() {
    return commandExecutor;
  }

  public ScheduledExecutorService scheduler() {
    return scheduler;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    commandExecutor.shutdown();
    try {
      commandExecutor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    commandExecutor.shutdownNow();
    eventLoopGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
  }
}
