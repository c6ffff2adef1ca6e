package io.firebreak.orchestrator.temporal;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code firebreak temporal [--port P]}: the embedded Temporal engine on its own, so that
 * orchestrator workers in other processes can come and go (crash tests, several gateways on one
 * machine). Its state lives as long as this process.
 */
public final class TemporalCommand extends Command {
  public TemporalCommand() {
    super("temporal", "Run the embedded Temporal engine (in-memory) on its own");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument("--port").type(Integer.class).setDefault(7233).help("port to listen on");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    int port = namespace.getInt("port");
    EmbeddedTemporal temporal = EmbeddedTemporal.start(port);
    Runtime.getRuntime().addShutdownHook(new Thread(temporal::stop, "temporal-shutdown"));
    System.out.println("Embedded Temporal engine on port " + port + " (in-memory). Ctrl-C to stop.");
    System.out.flush();
    Thread.currentThread().join();
  }
}
