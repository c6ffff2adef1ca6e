package io.firebreak.agent.simulate;

import io.firebreak.agent.connection.Backoff;
import io.firebreak.agent.connection.ChannelFactory;
import io.firebreak.agent.journal.JournalSync;
import io.firebreak.agent.trust.PartitionKeyFiles.TrustedKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * How to start a {@link SimulatedFleet}. Build with {@link #builder()}.
 *
 * @param gateway the gateway every host dials, "host:port"
 * @param hosts number of simulated hosts
 * @param hostIdPrefix host ids are {@code <prefix>-0001}, {@code <prefix>-0002}, ...
 * @param partitions hosts are spread over these round-robin (host 1 → first partition)
 * @param labels labels every host has
 * @param labelsForHost extra labels by host number (1-based, as in the host id), may be null
 * @param trustFiles partition key files every host pins (read with PartitionKeyFiles)
 * @param trustedKeys keys every host pins, in addition to the files
 * @param stateDirectory each host's journal lives in {@code <stateDirectory>/<hostId>/}
 * @param journalSync default NONE: the page cache survives a killed process
 * @param actionLatency artificial latency of every simulated action, default zero
 * @param commandThreads threads executing commands for the whole fleet
 * @param eventLoopThreads Netty I/O threads for the whole fleet
 * @param backoff reconnect backoff of every host
 * @param channels how channels are opened; null for plain-text Netty on the shared event loop
 * @param clock the hosts' clock
 */
public record FleetOptions(
    String gateway,
    int hosts,
    String hostIdPrefix,
    List<String> partitions,
    Map<String, String> labels,
    IntFunction<Map<String, String>> labelsForHost,
    List<Path> trustFiles,
    List<TrustedKey> trustedKeys,
    Path stateDirectory,
    JournalSync journalSync,
    Duration actionLatency,
    int commandThreads,
    int eventLoopThreads,
    Backoff.Policy backoff,
    ChannelFactory channels,
    Clock clock) {

  public FleetOptions {
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(stateDirectory, "stateDirectory");
    if (hosts < 0) {
      throw new IllegalArgumentException("hosts must not be negative: " + hosts);
    }
    if (partitions.isEmpty()) {
      throw new IllegalArgumentException("at least one partition is required");
    }
    if (trustFiles.isEmpty() && trustedKeys.isEmpty()) {
      throw new IllegalArgumentException("at least one trusted key or key file is required");
    }
    partitions = List.copyOf(partitions);
    labels = Map.copyOf(labels);
    trustFiles = List.copyOf(trustFiles);
    trustedKeys = List.copyOf(trustedKeys);
  }

  /** A builder with the defaults above; gateway, hosts, partitions, trust and state dir needed. */
  public static Builder builder() {
    return new Builder();
  }

  /** The id of host number {@code number} (1-based). */
  public String hostId(int number) {
    return String.format("%s-%04d", hostIdPrefix, number);
  }

  /** The partition of host number {@code number} (1-based). */
  public String partition(int number) {
    return partitions.get((number - 1) % partitions.size());
  }

  /** The labels of host number {@code number} (1-based). */
  public Map<String, String> labels(int number) {
    Map<String, String> all = new TreeMap<>(labels);
    if (labelsForHost != null) {
      all.putAll(labelsForHost.apply(number));
    }
    return all;
  }

  /** Builds {@link FleetOptions}. Not thread-safe. */
  public static final class Builder {
    private String gateway;
    private int hosts = 1;
    private String hostIdPrefix = "sim";
    private final List<String> partitions = new ArrayList<>();
    private final Map<String, String> labels = new TreeMap<>();
    private IntFunction<Map<String, String>> labelsForHost;
    private final List<Path> trustFiles = new ArrayList<>();
    private final List<TrustedKey> trustedKeys = new ArrayList<>();
    private Path stateDirectory;
    private JournalSync journalSync = JournalSync.NONE;
    private Duration actionLatency = Duration.ZERO;
    private int commandThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private int eventLoopThreads = Math.min(2, Runtime.getRuntime().availableProcessors());
    private Backoff.Policy backoff = Backoff.DEFAULT_POLICY;
    private ChannelFactory channels;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder gateway(String target) { gateway = target; return this; }

    public Builder hosts(int count) { hosts = count; return this; }

    public Builder hostIdPrefix(String prefix) { hostIdPrefix = prefix; return this; }

    public Builder partitions(List<String> names) { partitions.addAll(names); return this; }

    public Builder partition(String name) { partitions.add(name); return this; }

    public Builder labels(Map<String, String> fixed) { labels.putAll(fixed); return this; }

    public Builder labelsForHost(IntFunction<Map<String, String>> byNumber) {
      labelsForHost = byNumber;
      return this;
    }

    public Builder trustFile(Path file) { trustFiles.add(file); return this; }

    public Builder trustFiles(List<Path> files) { trustFiles.addAll(files); return this; }

    public Builder trustedKey(TrustedKey key) { trustedKeys.add(key); return this; }

    public Builder stateDirectory(Path directory) { stateDirectory = directory; return this; }

    public Builder journalSync(JournalSync sync) { journalSync = sync; return this; }

    public Builder actionLatency(Duration latency) { actionLatency = latency; return this; }

    public Builder commandThreads(int threads) { commandThreads = threads; return this; }

    public Builder eventLoopThreads(int threads) { eventLoopThreads = threads; return this; }

    public Builder backoff(Backoff.Policy policy) { backoff = policy; return this; }

    public Builder channels(ChannelFactory factory) { channels = factory; return this; }

    public Builder clock(Clock value) { clock = value; return this; }

    public FleetOptions build() {
      return new FleetOptions(gateway, hosts, hostIdPrefix, partitions, labels, labelsForHost,
          trustFiles, trustedKeys, stateDirectory, journalSync, actionLatency, commandThreads,
          eventLoopThreads, backoff, channels, clock);
    }
  }
}
