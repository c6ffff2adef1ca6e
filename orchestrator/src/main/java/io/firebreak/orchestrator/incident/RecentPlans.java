package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.TargetHost;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The plan snapshots this process wrote in the last moments, as they were resolved (with each
 * host's gateway at that time), so that the partition children's first page reads, which follow
 * within milliseconds on the path from the alert to the first command, need not read back what
 * was just written and look every host up in the registry again (30 to 40 ms for 10,000 hosts).
 *
 * <p>An entry serves reads for {@link #FRESH} after it was written, never later: a host's gateway
 * is then no older than the registry's own, which is updated asynchronously as agents connect.
 * Later reads (the next wave after a pause, a retry, another process) go to the database. A
 * process that restarts has no entries. A snapshot is only ever replaced through this process
 * (one orchestrator process writes to a database at a time, as the audit log requires), which
 * forgets the entry before it replaces the rows. At most {@link #MAX_HOSTS} hosts are kept, the newest plans
 * first. Thread-safe.
 */
final class RecentPlans {
  static final Duration FRESH = Duration.ofSeconds(2);
  static final int MAX_HOSTS = 100_000;

  private final LongSupplier millis;
  private final Map<String, Entry> byIncident = new LinkedHashMap<>(); // guarded by this, oldest first
  private int hosts; // guarded by this

  private record Entry(List<TargetHost> hosts, long writtenAtMs) {}

  /** Ages entries by the JVM's monotonic clock (not the orchestrator's, which tests may fix). */
  RecentPlans() {
    this(() -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));
  }

  /** @param millis a monotonic clock in milliseconds */
  RecentPlans(LongSupplier millis) {
    this.millis = millis;
  }

  /** Remembers {@code hosts} (in plan order) as the committed snapshot of {@code incidentId}. */
  synchronized void put(String incidentId, List<TargetHost> hosts) {
    forget(incidentId);
    if (hosts.isEmpty() || hosts.size() > MAX_HOSTS) {
      return;
    }
    long now = millis.getAsLong();
    for (Iterator<Entry> oldest = byIncident.values().iterator(); oldest.hasNext(); ) {
      Entry entry = oldest.next();
      if (this.hosts + hosts.size() <= MAX_HOSTS && now - entry.writtenAtMs() < FRESH.toMillis()) {
        break;
      }
      this.hosts -= entry.hosts().size();
      oldest.remove();
    }
    byIncident.put(incidentId, new Entry(List.copyOf(hosts), now));
    this.hosts += hosts.size();
  }

  /** Stops serving {@code incidentId} (its snapshot is being replaced). */
  synchronized void forget(String incidentId) {
    Entry removed = byIncident.remove(incidentId);
    if (removed != null) {
      hosts -= removed.hosts().size();
    }
  }

  /**
   * The hosts of {@code slice} in plan order, if this process wrote the snapshot of {@code
   * incidentId} less than {@link #FRESH} ago and the slice lies within it.
   */
  synchronized Optional<List<TargetHost>> slice(String incidentId, PlanSlice slice) {
    Entry entry = byIncident.get(incidentId);
    if (entry == null || millis.getAsLong() - entry.writtenAtMs() >= FRESH.toMillis()
        || slice.from() < 0 || slice.to() > entry.hosts().size() || slice.from() > slice.to()) {
      return Optional.empty();
    }
    List<TargetHost> hosts = entry.hosts().subList(slice.from(), slice.to());
    for (TargetHost host : hosts) {
      if (!host.partition().equals(slice.partition())) {
        return Optional.empty(); // not the slice this snapshot was cut into: let the database answer
      }
    }
    return Optional.of(List.copyOf(hosts));
  }
}
