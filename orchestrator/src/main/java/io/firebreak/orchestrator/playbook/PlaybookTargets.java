package io.firebreak.orchestrator.playbook;

import io.firebreak.orchestrator.incident.AlertRef;
import io.firebreak.orchestrator.incident.TargetSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A playbook's targets as written: references to the alert ({@code alertHost},
 * {@code alertPartition}) and fixed hosts, partitions, a label selector and exclusions.
 */
public record PlaybookTargets(boolean alertHost, boolean alertPartition, List<String> hosts,
    List<String> partitions, String selector, List<String> exclude) {

  public PlaybookTargets {
    hosts = hosts == null ? List.of() : List.copyOf(hosts);
    partitions = partitions == null ? List.of() : List.copyOf(partitions);
    exclude = exclude == null ? List.of() : List.copyOf(exclude);
  }

  /**
   * Binds the alert references to the alert's host and partition. With no alert (a responder's
   * run) they contribute nothing.
   */
  public TargetSpec bind(AlertRef alert) {
    List<String> boundHosts = new ArrayList<>(hosts);
    List<String> boundPartitions = new ArrayList<>(partitions);
    if (alert != null && alertHost && alert.host() != null && !boundHosts.contains(alert.host())) {
      boundHosts.add(alert.host());
    }
    if (alert != null && alertPartition && alert.partition() != null && !boundPartitions.contains(alert.partition())) {
      boundPartitions.add(alert.partition());
    }
    return new TargetSpec(boundHosts, boundPartitions, selector, exclude);
  }
}
