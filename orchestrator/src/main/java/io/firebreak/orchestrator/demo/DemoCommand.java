package io.firebreak.orchestrator.demo;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code firebreak demo [--once] [--hosts N]}: the end-to-end demonstration on embedded defaults.
 * See {@link DemoScenario}.
 */
public final class DemoCommand extends Command {
  public DemoCommand() {
    super("demo", "Run an orchestrator with simulated hosts and contain a detection alert end to end");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument("--once")
        .action(Arguments.storeTrue())
        .help("exit when the scenario is done: 0 if it succeeded, 1 otherwise");
    subparser.addArgument("--hosts")
        .type(Integer.class)
        .setDefault(200)
        .help("number of simulated hosts (spread over two partitions)");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    int hosts = namespace.getInt("hosts");
    if (hosts < 2 || hosts > 20_000) {
      System.err.println("firebreak demo: --hosts must be between 2 and 20000");
      System.exit(2);
    }
    boolean once = namespace.getBoolean("once");
    DemoScenario scenario = new DemoScenario(hosts, System.out);
    boolean succeeded;
    try {
      succeeded = scenario.run();
    } catch (Exception e) {
      System.err.println("firebreak demo: FAILED: " + e);
      succeeded = false;
    }
    if (once) {
      scenario.close();
      System.out.println(succeeded ? "demo: SUCCESS" : "demo: FAILURE");
      System.out.flush();
      // Non-daemon server threads would keep the JVM alive.
      System.exit(succeeded ? 0 : 1);
    }
    System.out.println();
    System.out.println("Firebreak keeps running. API " + scenario.apiUrl() + "  token " + scenario.token());
    System.out.println("Try: curl -H 'Authorization: Bearer " + scenario.token() + "' " + scenario.apiUrl() + "/api/v1/incidents");
    System.out.println("Ctrl-C to stop.");
    Thread.currentThread().join();
  }
}
