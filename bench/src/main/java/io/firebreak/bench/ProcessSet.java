package io.firebreak.bench;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Firebreak processes started from the packaged jars, all stopped on close. */
final class ProcessSet implements AutoCloseable {
  private static final Path NICE = Path.of("/usr/bin/nice");
  private final Path work;
  private final List<Process> processes = new ArrayList<>();

  ProcessSet(Path work) {
    this.work = work;
  }

  Process start(String name, List<String> arguments) throws IOException {
    return start(name, arguments, false);
  }

  /**
   * As {@link #start(String, List)}; {@code loadGenerator} runs it at a lower CPU priority (nice
   * 10): the simulated hosts stand in for as many machines, and on this one box they must not
   * starve the processes under test of the cores they share (a thousand hosts reconnecting to a
   * restarting orchestrator took about a core from it).
   */
  Process start(String name, List<String> arguments, boolean loadGenerator) throws IOException {
    List<String> command = new ArrayList<>(loadGenerator ? lowerPriority() : List.of());
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(arguments);
    Process process = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(work.resolve(name + ".log").toFile())
        .start();
    processes.add(process);
    return process;
  }

  /**
   * The command prefix that runs a load generator at nice 10 (none where there is no nice). Not
   * used by the fan-out benchmark: there the hosts answer on the critical path of both timings, and
   * at a lower priority the raw baseline became slower (p50 0.15 -> 0.25 s at 1,000 hosts).
   */
  static List<String> lowerPriority() {
    return Files.isExecutable(NICE) ? List.of(NICE.toString(), "-n", "10") : List.of();
  }

  /** A server configuration: one partition, an external Temporal, fixed ports (they survive a restart). */
  static Path writeConfig(Path work, int temporalPort, int httpPort, int gatewayPort) throws IOException {
    Path playbooks = Files.createDirectories(work.resolve("playbooks"));
    Files.writeString(playbooks.resolve("crash-test.yaml"), String.join("\n",
        "version: 1", "name: crash-test", "description: Isolate every host of partition blue.", "mode: autonomous",
        "triggers:", "  - type: crash-test", "targets:", "  partitions: [blue]", "steps:",
        "  - name: isolate", "    action: isolate-host", "    batchSize: 250", "    hostTimeout: 60s", ""));
    // Simulated hosts: isolating the whole partition runs without a person in the loop.
    Path policy = work.resolve("policy.yaml");
    Files.writeString(policy, String.join("\n", "version: 1",
        "blastRadius: {maxAutonomousHosts: 1000000, wholePartition: 0}",
        "rules:", "  - actions: [isolate-host, release-host]", "    approvals: 0", ""));
    Path config = work.resolve("firebreak.yml");
    Files.writeString(config, String.join("\n",
        "dataDir: " + work.resolve("data"),
        "partitions: [blue]",
        "playbooks: " + playbooks,
        "policy: " + policy,
        "temporal: {target: \"127.0.0.1:" + temporalPort + "\"}",
        "gateway: {id: gw-crash, bindAddress: 127.0.0.1, port: " + gatewayPort + "}",
        "server:",
        "  applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: " + httpPort + "}]",
        "  adminConnectors: [{type: http, bindHost: 127.0.0.1, port: 0}]",
        "  requestLog: {appenders: []}",
        // Warnings, and when a start passed its steps (starting, the gateway listening, the API
        // serving), to read a slow restart from the process's log in the work directory.
        "logging: {level: WARN, loggers: {io.temporal: ERROR, org.flywaydb: ERROR,",
        "  io.dropwizard.core.server.ServerFactory: INFO, io.firebreak.orchestrator.gateway.GatewayServer: INFO,",
        "  org.eclipse.jetty.server.Server: INFO}}",
        ""));
    return config;
  }

  /** The packaged jar of a reactor module, next to this benchmark's jar. */
  static String jar(String module) throws IOException {
    Path benchJar = Path.of(ProcessSet.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    Path target = benchJar.getParent().getParent().getParent().resolve(module).resolve("target");
    try (Stream<Path> files = Files.list(target)) {
      return files.filter(path -> path.getFileName().toString().matches("firebreak-" + module + "-.*-all\\.jar"))
          .findFirst()
          .orElseThrow(() -> new IOException("no " + module + " jar under " + target + "; run mvn package"))
          .toString();
    }
  }

  /**
   * JVM flags that map the class-data archive {@code bin/firebreak} builds for {@code jar} (its
   * {@code .jsa} beside it), as the server command does; none when there is none, it is older
   * than the jar, or it was made for the jar at another path (the JVM would quietly ignore it).
   */
  static List<String> classData(String jar) throws IOException {
    Path archive = Path.of(jar.replaceFirst("\\.jar$", ".jsa"));
    Path madeFor = Path.of(archive + ".jar-path");
    if (Files.isRegularFile(archive) && Files.isRegularFile(madeFor)
        && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(Path.of(jar))) >= 0
        && Path.of(Files.readString(madeFor).strip()).toAbsolutePath().normalize()
            .equals(Path.of(jar).toAbsolutePath().normalize())) {
      return List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }
    return List.of();
  }

  static void awaitPort(int port) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new IllegalStateException("nothing listening on port " + port + " after 60 s");
  }

  @Override
  public void close() throws InterruptedException {
    for (Process process : processes) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
