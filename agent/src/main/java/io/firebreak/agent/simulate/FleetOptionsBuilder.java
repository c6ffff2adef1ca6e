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
import java.util.TreeMap;
import java.util.function.IntFunction;

/** Builds {@link FleetOptions}. Not thread-safe. */
public final class FleetOptionsBuilder {
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

  FleetOptionsBuilder() {}

  public FleetOptionsBuilder gateway(String target) {
    gateway = target;
    return this;
  }

  public FleetOptionsBuilder hosts(int count) {
    hosts = count;
    return this;
  }

  public FleetOptionsBuilder hostIdPrefix(String prefix) {
    hostIdPrefix = prefix;
    return this;
  }

  public FleetOptionsBuilder partitions(List<String> names) {
    partitions.addAll(names);
    return this;
  }

  public FleetOptionsBuilder partition(String name) {
    partitions.add(name);
    return this;
  }

  public FleetOptionsBuilder labels(Map<String, String> fixed) {
    labels.putAll(fixed);
    return this;
  }

  public FleetOptionsBuilder labelsForHost(IntFunction<Map<String, String>> byNumber) {
    labelsForHost = byNumber;
    return this;
  }

  public FleetOptionsBuilder trustFile(Path file) {
    trustFiles.add(file);
    return this;
  }

  public FleetOptionsBuilder trustFiles(List<Path> files) {
    trustFiles.addAll(files);
    return this;
  }

  public FleetOptionsBuilder trustedKey(TrustedKey key) {
    trustedKeys.add(key);
    return this;
  }

  public FleetOptionsBuilder stateDirectory(Path directory) {
    stateDirectory = directory;
    return this;
  }

  public FleetOptionsBuilder journalSync(JournalSync sync) {
    journalSync = sync;
    return this;
  }

  public FleetOptionsBuilder actionLatency(Duration latency) {
    actionLatency = latency;
    return this;
  }

  public FleetOptionsBuilder commandThreads(int threads) {
    commandThreads = threads;
    return this;
  }

  public FleetOptionsBuilder eventLoopThreads(int threads) {
    eventLoopThreads = threads;
    return this;
  }

  public FleetOptionsBuilder backoff(Backoff.Policy policy) {
    backoff = policy;
    return this;
  }

  public FleetOptionsBuilder channels(ChannelFactory factory) {
    channels = factory;
    return this;
  }

  public FleetOptionsBuilder clock(Clock value) {
    clock = value;
    return this;
  }

  public FleetOptions build() {
    return new FleetOptions(
        gateway,
        hosts,
        hostIdPrefix,
        partitions,
        labels,
        labelsForHost,
        trustFiles,
        trustedKeys,
        stateDirectory,
        journalSync,
        actionLatency,
        commandThreads,
        eventLoopThreads,
        backoff,
        channels,
        clock);
  }
}
