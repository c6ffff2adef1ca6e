package io.firebreak.orchestrator.demo;

import io.firebreak.orchestrator.FirebreakApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * An orchestrator on embedded defaults in this JVM, on free loopback ports, with its data in
 * {@code dataDir}: what the demo and the integration tests start.
 */
public final class LocalOrchestrator {
  private final Path dataDir;
  private final List<String> partitions;
  // The embedded Temporal engine cannot report its port, so it is picked; the rest bind port 0.
  private final int temporalPort = FreePorts.pick();
  private final List<String> extraConfig = new ArrayList<>();
  private FirebreakApplication application;

  private Path policy;

  public LocalOrchestrator(Path dataDir, List<String> partitions) {
    this.dataDir = dataDir;
    this.partitions = List.copyOf(partitions);
  }

  /**
   * Adds a top-level block to the configuration written at {@link #start}, e.g. {@code
   * withConfig("gdap", "{tenantId: ..., clientId: ..., clientSecret: '...'}")}. The file is
   * readable by its owner only, as it may then hold a secret.
   */
  public LocalOrchestrator withConfig(String key, String flowYaml) {
    extraConfig.add(key + ": " + flowYaml);
    return this;
  }

  /** Uses {@code file} as the access policy instead of the demo policy (simulated hosts only). */
  public LocalOrchestrator policy(Path file) {
    this.policy = file.toAbsolutePath().normalize();
    return this;
  }

  /** Writes the configuration and starts the server; returns once it serves. */
  public LocalOrchestrator start(Path playbooks, String logLevel) throws Exception {
    Path configFile = writeConfig(playbooks, logLevel);
    application = new FirebreakApplication();
    application.run("server", configFile.toString());
    return this;
  }

  /** The running application (its gateway, for the benchmark's raw baseline). */
  public FirebreakApplication application() {
    return application;
  }

  Path writeConfig(Path playbooks, String logLevel) throws IOException {
    Files.createDirectories(dataDir);
    Path policyFile = policy;
    if (policyFile == null) {
      policyFile = dataDir.resolve("demo-policy.yaml");
      try (java.io.InputStream demo = LocalOrchestrator.class.getResourceAsStream("/policy/demo-policy.yaml")) {
        Files.copy(java.util.Objects.requireNonNull(demo, "policy/demo-policy.yaml"), policyFile,
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
    String config = String.join("\n",
        "dataDir: " + dataDir,
        "partitions: " + partitions,
        "playbooks: " + playbooks.toAbsolutePath(),
        "policy: " + policyFile,
        "temporal: {embeddedPort: " + temporalPort + "}",
        "gateway: {id: gw-local, bindAddress: 127.0.0.1, port: 0}",
        "server:",
        "  applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: 0}]",
        "  adminConnectors: [{type: http, bindHost: 127.0.0.1, port: 0}]",
        "  requestLog: {appenders: []}",
        "logging:",
        "  level: " + logLevel,
        "  loggers: {io.temporal: ERROR, io.grpc: WARN, org.flywaydb: ERROR}",
        "  appenders: [{type: console, logFormat: \"%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n\"}]",
        "") + String.join("\n", extraConfig) + "\n";
    Files.createDirectories(dataDir);
    Path configFile = dataDir.resolve("firebreak.yml");
    Files.deleteIfExists(configFile);
    Files.createFile(configFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(configFile, config, StandardCharsets.UTF_8);
    return configFile;
  }

  public String apiUrl() {
    return "http://127.0.0.1:" + application.httpPort();
  }

  public String adminUrl() {
    return "http://127.0.0.1:" + application.adminPort();
  }

  public String gatewayTarget() {
    return "127.0.0.1:" + application.gateway().server().boundPort();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** The public key file agents of {@code partition} pin. */
  public Path trustFile(String partition) {
    return dataDir.resolve("keys").resolve(partition + ".pub");
  }

  public String adminToken() throws IOException {
    return Files.readString(dataDir.resolve("admin.token"), StandardCharsets.US_ASCII).strip();
  }
}
