package io.firebreak.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * N simulated hosts in a separate JVM ({@code firebreak-agent --simulate N}), each with its own
 * connection to the gateway, as the benchmark's fleet.
 */
final class HostsProcess implements AutoCloseable {
  private final Process process;

  private HostsProcess(Process process) {
    this.process = process;
  }

  static HostsProcess start(int hosts, String gateway, String partition, Path trustFile, Path workDir, String heap)
      throws IOException {
    // The throughput collector: ten thousand hosts' connections in one heap made G1's write-barrier
    // refinement and collections about 40% of this JVM's CPU, taken from the same two cores the
    // orchestrator runs on; one host per machine never has that cost.
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap, "-XX:+UseParallelGC",
        "-jar", agentJar().toString(),
        "--gateway", gateway, "--partition", partition, "--trust", trustFile.toString(),
        "--simulate", Integer.toString(hosts), "--host-id-prefix", "h", "--label", "role=bench",
        "--state-dir", workDir.resolve("agents").toString(), "--journal-sync", "none"));
    ProcessBuilder builder = new ProcessBuilder(command);
    // A host logs a line per command; ten thousand of them per run in one process are the
    // simulator's cost, not the product's (warnings still are logged).
    builder.environment().put("FIREBREAK_AGENT_COMMAND_LOG", "WARN");
    Process process = builder
        .redirectErrorStream(true)
        .redirectOutput(workDir.resolve("hosts.log").toFile())
        .start();
    return new HostsProcess(process);
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  static Path agentJar() throws IOException {
    return Path.of(ProcessSet.jar("agent"));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
