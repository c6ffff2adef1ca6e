package io.firebreak.orchestrator.temporal;

import io.dropwizard.lifecycle.Managed;
import io.temporal.testserver.TestServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Temporal engine: the Temporal Java test server bound to a real port, in real time.
 * Its state lives in memory, as long as this process; workers in other processes may come and go.
 */
public final class EmbeddedTemporal implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedTemporal.class);

  private final int port;
  private TestServer.PortBoundTestServer server;

  private EmbeddedTemporal(int port) {
    this.port = port;
  }

  /** Starts the engine at once (everything else in the process needs it). */
  public static EmbeddedTemporal start(int port) {
    EmbeddedTemporal temporal = new EmbeddedTemporal(port);
    // Second argument false would turn time skipping on; the product runs in real time.
    temporal.server = TestServer.createPortBoundServer(port, true);
    LOG.info("Embedded Temporal engine listening on port {} (in-memory: workflows last as long as this process)", port);
    return temporal;
  }

  public int port() {
    return port;
  }

  @Override
  public void start() {
    // Started eagerly in start(int): workers and clients are built against it during run().
  }

  @Override
  public void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
