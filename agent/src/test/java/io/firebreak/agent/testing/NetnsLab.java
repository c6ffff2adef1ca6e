package io.firebreak.agent.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A small test network of Linux network namespaces, isolated from the machine's own network: a
 * bridge namespace and one namespace per host, each host with an {@code eth0} veth on the bridge
 * and addresses in 10.231.0.0/24 and fd00:231::/64. Nothing is created in the root namespace (veth
 * ends are created directly inside the test namespaces). Hosts resolve {@link #GATEWAY_NAME} to the
 * gateway host's IPv4 and IPv6 addresses through {@code /etc/netns/NAME/hosts}, which {@code ip
 * netns exec} mounts over {@code /etc/hosts}. {@link #close} kills every process started here and
 * deletes the namespaces. Needs root and iproute2.
 */
public final class NetnsLab implements AutoCloseable {
  /** The name hosts resolve to the gateway host. */
  public static final String GATEWAY_NAME = "gateway.firebreak.test";

  /** One host of the lab. */
  public record Host(String namespace, String ipv4, String ipv6) {}

  private final String prefix;
  private final List<String> namespaces = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private final Path logs;

  private NetnsLab(String prefix, Path logs) {
    this.prefix = prefix;
    this.logs = logs;
  }

  /** Why the lab cannot run here (not root, a tool missing), or empty when it can. */
  public static Optional<String> missingPrerequisite() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of(
          "network namespace tests need root (running as " + System.getProperty("user.name") + ")");
    }
    for (String tool : List.of("ip", "nft", "bash", "timeout")) {
      boolean found =
          Stream.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")
              .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
      if (!found) {
        return Optional.of("'" + tool + "' is not installed (apt-get install nftables iproute2)");
      }
    }
    return Optional.empty();
  }

  /** Creates a bridge and {@code hostCount} hosts (host 1, 2, ...); logs go to {@code logs}. */
  public static NetnsLab create(int hostCount, Path logs) throws Exception {
    NetnsLab lab = new NetnsLab("fb" + ProcessHandle.current().pid() % 100_000, logs);
    try {
      lab.build(hostCount);
      return lab;
    } catch (Exception e) {
      lab.close();
      throw e;
    }
  }

  private void build(int hostCount) throws Exception {
    String bridge = addNamespace("br");
    run("ip", "-n", bridge, "link", "add", "br0", "type", "bridge");
    run("ip", "-n", bridge, "link", "set", "br0", "up");
    for (int number = 1; number <= hostCount; number++) {
      Host host = host(number);
      addNamespace("h" + number);
      String port = "v" + number;
      run(
          "ip",
          "link",
          "add",
          "eth0",
          "netns",
          host.namespace(),
          "type",
          "veth",
          "peer",
          "name",
          port,
          "netns",
          bridge);
      run("ip", "-n", bridge, "link", "set", port, "master", "br0");
      run("ip", "-n", bridge, "link", "set", port, "up");
      run("ip", "-n", host.namespace(), "link", "set", "lo", "up");
      run("ip", "-n", host.namespace(), "addr", "add", host.ipv4() + "/24", "dev", "eth0");
      run(
          "ip",
          "-n",
          host.namespace(),
          "-6",
          "addr",
          "add",
          host.ipv6() + "/64",
          "dev",
          "eth0",
          "nodad");
      run("ip", "-n", host.namespace(), "link", "set", "eth0", "up");
      Path etc = Path.of("/etc/netns", host.namespace());
      Files.createDirectories(etc);
      Host gateway = host(1);
      Files.writeString(
          etc.resolve("hosts"),
          "127.0.0.1 localhost\n::1 localhost\n"
              + gateway.ipv4()
              + " "
              + GATEWAY_NAME
              + "\n"
              + gateway.ipv6()
              + " "
              + GATEWAY_NAME
              + "\n",
          StandardCharsets.UTF_8);
    }
  }

  /** Host {@code number} (1-based): 10.231.0.N and fd00:231::N. */
  public Host host(int number) {
    return new Host(prefix + "-h" + number, "10.231.0." + number, "fd00:231::" + number);
  }

  private String addNamespace(String role) throws Exception {
    String name = prefix + "-" + role;
    run("ip", "netns", "add", name);
    namespaces.add(name);
    return name;
  }

  /**
   * Runs {@code command} in the root namespace and returns its output; fails on a non-zero exit.
   */
  public String run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " timed out");
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          String.join(" ", command) + " failed (exit " + process.exitValue() + "): " + output);
    }
    return output;
  }

  /** Runs {@code command} inside {@code host}'s namespace; fails on a non-zero exit. */
  public String exec(Host host, String... command) throws Exception {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace()));
    full.addAll(List.of(command));
    return run(full.toArray(String[]::new));
  }

  /** Whether a TCP connection from {@code from} to {@code address:port} succeeds within 2 s. */
  public boolean connects(Host from, String address, int port) throws Exception {
    Process process =
        new ProcessBuilder(
                "ip",
                "netns",
                "exec",
                from.namespace(),
                "timeout",
                "2",
                "bash",
                "-c",
                "exec 3<>/dev/tcp/" + address + "/" + port)
            .redirectErrorStream(true)
            .start();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return false;
    }
    process.getInputStream().readAllBytes();
    return process.exitValue() == 0;
  }

  /**
   * Starts {@code command} inside {@code host}'s namespace; stderr goes to {@code name}.log in the
   * log directory, stdout to the same file unless {@code pipeStdout}. Killed by {@link #close}.
   */
  public Process spawn(Host host, String name, boolean pipeStdout, List<String> command)
      throws IOException {
    List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace()));
    full.addAll(command);
    Path log = logs.resolve(name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(full).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
    if (!pipeStdout) {
      builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    }
    Process process = builder.start();
    synchronized (processes) {
      processes.add(process);
    }
    return process;
  }

  /** The log file of a process started with {@code name}. */
  public Path log(String name) {
    return logs.resolve(name + ".log");
  }

  /** A JVM running {@code mainClass} from this test's class path. */
  public static List<String> java(String mainClass, String... arguments) {
    List<String> command = new ArrayList<>(javaExecutable());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(arguments));
    return command;
  }

  /** A JVM running the packaged agent jar (target/firebreak-agent-*-all.jar). */
  public static List<String> agentJar(List<String> arguments) throws IOException {
    Path jar;
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      jar =
          files
              .filter(path -> path.getFileName().toString().matches("firebreak-agent-.*-all\\.jar"))
              .findFirst()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "no packaged agent jar: failsafe runs after package"))
              .toAbsolutePath();
    }
    List<String> command = new ArrayList<>(javaExecutable());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(arguments);
    return command;
  }

  private static List<String> javaExecutable() {
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m",
        "-XX:TieredStopAtLevel=1");
  }

  /** Stops {@code process}: SIGTERM, then SIGKILL after 10 s. */
  public static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws Exception {
    List<Process> running;
    synchronized (processes) {
      running = List.copyOf(processes);
    }
    for (Process process : running) {
      process.destroyForcibly();
    }
    for (Process process : running) {
      process.waitFor(10, TimeUnit.SECONDS);
    }
    List<String> failures = new ArrayList<>();
    for (String namespace : namespaces) {
      try {
        run("ip", "netns", "delete", namespace);
      } catch (IllegalStateException e) {
        failures.add(e.getMessage());
      }
      Path etc = Path.of("/etc/netns", namespace);
      if (Files.exists(etc)) {
        try (Stream<Path> files = Files.walk(etc)) {
          for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(file);
          }
        }
      }
    }
    try {
      Files.deleteIfExists(Path.of("/etc/netns"));
    } catch (java.nio.file.DirectoryNotEmptyException inUse) {
      // Other namespaces on this machine have configuration there.
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("cleaning up the test network failed: " + failures);
    }
  }
}
