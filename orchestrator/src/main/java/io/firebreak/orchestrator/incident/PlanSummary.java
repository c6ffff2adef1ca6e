package io.firebreak.orchestrator.incident;

import java.util.List;

/**
 * What a workflow keeps of its plan snapshot (the hosts themselves stay in the database).
 *
 * @param total hosts in the plan
 * @param partitions one slice per partition, in plan order, covering ordinals [0, total)
 * @param unknownHosts explicitly named hosts the registry does not know (at most
 *     {@link #MAX_UNKNOWN_LISTED}; {@code unknownCount} has them all)
 * @param digest the plan's digest ({@link PlanBuilder#view}): what approvers approve
 */
public record PlanSummary(int total, List<PlanSlice> partitions, List<String> unknownHosts, int unknownCount,
    String digest) {
  public static final int MAX_UNKNOWN_LISTED = 1000;

  public PlanSummary {
    partitions = List.copyOf(partitions);
    unknownHosts = List.copyOf(unknownHosts);
  }

  /** The partitions the plan touches, in plan order. */
  public List<String> partitionNames() {
    return partitions.stream().map(PlanSlice::partition).distinct().toList();
  }
}
