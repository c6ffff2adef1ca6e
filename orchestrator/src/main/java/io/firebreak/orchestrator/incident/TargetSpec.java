package io.firebreak.orchestrator.incident;

import java.util.List;

/**
 * Which hosts an incident acts on, with every alert reference already bound to concrete values.
 *
 * <p>The resolved set is: {@code hosts} ∪ (registered hosts in {@code partitions} — or in any
 * partition when {@code partitions} is empty — that match {@code selector}), minus {@code
 * exclude}. The second part applies only when {@code partitions} is non-empty or {@code selector}
 * is non-blank. Hosts named explicitly but unknown to the registry are reported, not dropped.
 *
 * @param selector label selector ("role=web,env in (prod,staging),!canary"), or null
 */
public record TargetSpec(
    List<String> hosts, List<String> partitions, String selector, List<String> exclude) {

  public TargetSpec {
    hosts = hosts == null ? List.of() : List.copyOf(hosts);
    partitions = partitions == null ? List.of() : List.copyOf(partitions);
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
  }

  /** True when the spec selects by partition or label rather than only by name. */
  public boolean selectsFromRegistry() {
    return !partitions.isEmpty() || (selector != null && !selector.isBlank());
  }
}
