package io.firebreak.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code firebreak bench <benchmark>}: measurements, never part of the test run. */
@Command(name = "firebreak bench", mixinStandardHelpOptions = true, subcommands = {FanoutBench.class, CrashBench.class},
    description = "Benchmarks of Firebreak, each reported next to its raw-gRPC baseline from the same run.")
public final class BenchMain implements Runnable {
  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
