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
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
        "-jar", agentJar().toString(),
        "--gateway", gateway, "--partition", partition, "--trust", trustFile.toString(),
        "--simulate", Integer.toString(hosts), "--host-id-prefix", "h", "--label", "role=bench",
        "--state-dir", workDir.resolve("agents").toString(), "--journal-sync", "none"));
    Process process = new ProcessBuilder(command)
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
