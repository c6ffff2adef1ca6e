package io.firebreak.orchestrator.incident;

import java.util.List;

/**
 * Mints the grant an approved (or autonomous) incident dispatches under.
 *
 * @param approvalId the approval that decided it, or null when the policy made it autonomous
 * @param mintedBy the approvers, or "policy"
 */
public record GrantRequest(String incidentId, String approvalId, List<String> partitions, List<String> actions,
    int hostCount, List<String> mintedBy, long ttlMs) {

  public GrantRequest {
    partitions = List.copyOf(partitions);
    actions = List.copyOf(actions);
    mintedBy = List.copyOf(mintedBy);
  }
}
