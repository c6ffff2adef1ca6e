package io.firebreak.orchestrator.incident;

import java.util.ArrayList;
import java.util.List;

/**
 * A contiguous range of an incident's plan snapshot inside one partition: ordinals
 * [{@code from}, {@code to}) of the {@code plan_hosts} table. Workflows pass slices, never host lists.
 */
public record PlanSlice(String partition, int from, int to) {

  public int size() {
    return to - from;
  }

  /** One slice per run of equal partitions in {@code hosts} (in plan order: partitions are contiguous). */
  static List<PlanSlice> partitionsOf(List<io.firebreak.orchestrator.gateway.TargetHost> hosts) {
    List<PlanSlice> partitions = new ArrayList<>();
    for (int from = 0; from < hosts.size(); ) {
      String partition = hosts.get(from).partition();
      int to = from;
      while (to < hosts.size() && hosts.get(to).partition().equals(partition)) {
        to++;
      }
      partitions.add(new PlanSlice(partition, from, to));
      from = to;
    }
    return partitions;
  }

  /**
   * The parts of {@code partitions} (the plan's per-partition slices, in plan order) that fall in
   * ordinals [{@code from}, {@code to}), each cut into pieces of at most {@code maxHosts}.
   */
  static List<PlanSlice> cut(List<PlanSlice> partitions, int from, int to, int maxHosts) {
    List<PlanSlice> pieces = new ArrayList<>();
    for (PlanSlice partition : partitions) {
      int start = Math.max(from, partition.from());
      int end = Math.min(to, partition.to());
      for (int at = start; at < end; at += maxHosts) {
        pieces.add(new PlanSlice(partition.partition(), at, Math.min(end, at + maxHosts)));
      }
    }
    return pieces;
  }
}
