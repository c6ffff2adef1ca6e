package io.firebreak.orchestrator.gateway;

import io.dropwizard.lifecycle.Managed;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The gateway's gRPC server: where agents dial in and hold their streams. */
public final class GatewayServer implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayServer.class);

  private final String gatewayId;
  private final String bindAddress;
  private final int port;
  private final AgentGatewayService service;
  private ExecutorService executor;
  private Server server;

  public GatewayServer(String gatewayId, String bindAddress, int port, AgentGatewayService service) {
    this.gatewayId = gatewayId;
    this.bindAddress = bindAddress;
    this.port = port;
    this.service = service;
  }

  @Override
  public void start() throws IOException {
    executor = Executors.newFixedThreadPool(Math.max(4, Runtime.getRuntime().availableProcessors() * 2),
        runnable -> {
          Thread thread = new Thread(runnable, "gateway-" + gatewayId);
          thread.setDaemon(true);
          return thread;
        });
    server = NettyServerBuilder.forAddress(new InetSocketAddress(bindAddress, port))
        .addService(service)
        .executor(executor)
        .permitKeepAliveTime(10, TimeUnit.SECONDS)
        .permitKeepAliveWithoutCalls(true)
        .keepAliveTime(30, TimeUnit.SECONDS)
        .keepAliveTimeout(10, TimeUnit.SECONDS)
        .maxInboundMessageSize(4 * 1024 * 1024)
        .build()
        .start();
    LOG.info("Agent gateway {} listening on {}:{}", gatewayId, bindAddress, boundPort());
  }

  /** The port actually bound (useful when configured as 0). */
  public int boundPort() {
    return server.getPort();
  }

  public boolean isServing() {
    return server != null && !server.isShutdown();
  }

  @Override
  public void stop() throws InterruptedException {
    if (server != null) {
      server.shutdown();
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
      executor.shutdownNow();
    }
  }
}
