package io.firebreak.agent.simulate;

import io.firebreak.agent.connection.Backoff;
import io.firebreak.agent.connection.ChannelFactory;
import io.firebreak.agent.journal.JournalSync;
import io.firebreak.agent.trust.PartitionKeyFiles.TrustedKey;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
  public static FleetOptionsBuilder builder() {
    return new FleetOptionsBuilder();
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
}
