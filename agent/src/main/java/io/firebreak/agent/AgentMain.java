package io.firebreak.agent;

import io.firebreak.agent.credential.CredentialSettings;
import io.firebreak.agent.evidence.EvidenceSettings;
import io.firebreak.agent.isolation.Cidr;
import io.firebreak.agent.isolation.HostPort;
import io.firebreak.agent.isolation.IsolationSettings;
import io.firebreak.agent.journal.JournalSync;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code firebreak-agent}: runs a host agent, or with {@code --simulate N} a fleet of N simulated
 * hosts, until SIGTERM or Ctrl-C. Exit codes: 0 after a clean shutdown, 1 if the agent could not
 * start, 2 on a usage error.
 */
@Command(
    name = "firebreak-agent",
    mixinStandardHelpOptions = true,
    versionProvider = AgentMain.Version.class,
    description = "Dials a Firebreak gateway and executes the signed commands it sends.")
public final class AgentMain implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--gateway",
      required = true,
      paramLabel = "HOST:PORT",
      description = "The gateway to dial (plain text).")
  String gateway;

  @Option(
      names = "--host-id",
      paramLabel = "ID",
      description = "This host's id (default: the machine's hostname).")
  String hostId;

  @Option(
      names = "--partition",
      required = true,
      paramLabel = "NAME",
      description = "The host's partition; with --simulate, repeat it to spread hosts round-robin.")
  List<String> partitions = new ArrayList<>();

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label (repeatable).")
  Map<String, String> labels = new TreeMap<>();

  @Option(
      names = "--trust",
      required = true,
      paramLabel = "FILE",
      description = "A partition public key file to pin (repeatable).")
  List<Path> trustFiles = new ArrayList<>();

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      defaultValue = "agent-state",
      description = "State directory; the journal lives there (default: ${DEFAULT-VALUE}).")
  Path stateDirectory;

  @Option(
      names = "--journal-sync",
      paramLabel = "always|none",
      converter = JournalSyncConverter.class,
      description = "fsync the journal after every record (default: always; none with --simulate).")
  JournalSync journalSync;

  @Option(
      names = "--simulate",
      paramLabel = "N",
      description = "Run N simulated hosts, each with its own connection.")
  Integer simulate;

  @Option(
      names = "--host-id-prefix",
      paramLabel = "PREFIX",
      defaultValue = "sim",
      description = "With --simulate: host ids are PREFIX-0001... (default: ${DEFAULT-VALUE}).")
  String hostIdPrefix;

  @Option(
      names = "--simulate-latency-ms",
      paramLabel = "MS",
      description = "With --simulate: artificial latency of every simulated action.")
  Long simulateLatencyMs;

  @Option(
      names = "--simulate-report",
      paramLabel = "FILE",
      description =
          "With --simulate: at shutdown, write every execution the simulated hosts performed "
              + "(host, command id, times executed; tab-separated) to FILE.")
  Path simulateReport;

  @Option(
      names = "--isolation-allow",
      paramLabel = "CIDR",
      description =
          "While isolated, still allow this IPv4/IPv6 address or network in both directions "
              + "(repeatable), on top of what an isolate-host command allows.")
  List<String> isolationAllow = new ArrayList<>();

  @Option(
      names = "--isolation-allow-dns",
      description = "While isolated, always allow DNS (port 53) to any server.")
  boolean isolationAllowDns;

  @Option(
      names = "--isolation-allow-dhcp",
      description = "While isolated, always allow DHCP/DHCPv6 (keep the address lease).")
  boolean isolationAllowDhcp;

  @Option(
      names = "--isolation-probe",
      paramLabel = "HOST:PORT",
      description =
          "A TCP destination that must be unreachable once isolated (else the isolation is rolled "
              + "back) and reachable once released, when a command names no probe.")
  String isolationProbe;

  @Mixin RealActionFlags realActionFlags = new RealActionFlags();

  /** The isolation settings from the --isolation-* flags, after {@link #validate}. */
  IsolationSettings isolation = IsolationSettings.defaults();

  /** The rotate-credential settings from the --rotate-* flags, after {@link #validate}. */
  CredentialSettings credentials = CredentialSettings.defaults();

  /** The collect-evidence settings from the --evidence-* flags, after {@link #validate}. */
  EvidenceSettings evidence = EvidenceSettings.defaults();

  public static void main(String[] args) {
    System.exit(new CommandLine(new AgentMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    validate();
    return new AgentLauncher(this).run();
  }

  private void validate() {
    if (!gateway.matches("[^:\\s]+:\\d{1,5}") || Integer.parseInt(gateway.split(":")[1]) > 65535) {
      throw usage("--gateway must be HOST:PORT, got '" + gateway + "'");
    }
    if (simulate == null) {
      if (partitions.size() > 1) {
        throw usage("--partition may be given only once without --simulate");
      }
      if (simulateLatencyMs != null) {
        throw usage("--simulate-latency-ms needs --simulate");
      }
      if (simulateReport != null) {
        throw usage("--simulate-report needs --simulate");
      }
      if (hostId == null) {
        hostId = localHostName();
      }
    } else if (simulate < 1) {
      throw usage("--simulate needs a positive number of hosts, got " + simulate);
    } else if (hostId != null) {
      throw usage("--host-id names a single host; with --simulate use --host-id-prefix");
    }
    if (simulateLatencyMs != null && simulateLatencyMs < 0) {
      throw usage("--simulate-latency-ms must not be negative");
    }
    if (partitions.stream().anyMatch(String::isBlank) || (hostId != null && hostId.isBlank())) {
      throw usage("--partition and --host-id must not be blank");
    }
    validateIsolation();
    validateRealActionFlags();
    if (journalSync == null) {
      journalSync = simulate == null ? JournalSync.ALWAYS : JournalSync.NONE;
    }
  }

  private void validateIsolation() {
    boolean configured =
        !isolationAllow.isEmpty()
            || isolationAllowDns
            || isolationAllowDhcp
            || isolationProbe != null;
    if (simulate != null && configured) {
      throw usage("--isolation-* flags configure a real agent; they do not apply with --simulate");
    }
    List<Cidr> allow = new ArrayList<>();
    for (String network : isolationAllow) {
      try {
        allow.add(Cidr.parse(network));
      } catch (IllegalArgumentException e) {
        throw usage("--isolation-allow: " + e.getMessage());
      }
    }
    HostPort probe = null;
    if (isolationProbe != null) {
      try {
        probe = HostPort.parse(isolationProbe);
      } catch (IllegalArgumentException e) {
        throw usage("--isolation-probe: " + e.getMessage());
      }
    }
    isolation =
        IsolationSettings.defaults().with(allow, isolationAllowDns, isolationAllowDhcp, probe);
  }

  private void validateRealActionFlags() {
    if (simulate != null && realActionFlags.configured()) {
      throw usage(
          "--rotate-* and --evidence-* flags configure a real agent; they do not apply with "
              + "--simulate");
    }
    try {
      credentials = realActionFlags.credentials();
      evidence = realActionFlags.evidence();
    } catch (IllegalArgumentException e) {
      throw usage(e.getMessage());
    }
  }

  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return System.getenv().getOrDefault("HOSTNAME", "localhost");
    }
  }

  /** Parses always|none, case-insensitively. */
  static final class JournalSyncConverter implements CommandLine.ITypeConverter<JournalSync> {
    @Override
    public JournalSync convert(String value) {
      try {
        return JournalSync.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "expected always or none, got '" + value + "'");
      }
    }
  }

  /** The agent version for {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"firebreak-agent " + AgentBuilder.VERSION};
    }
  }
}
