package io.firebreak.orchestrator.incident;

import java.util.List;

/**
 * A decision on an incident's approval request, as the API authenticated it.
 *
 * @param planDigest the digest of the plan the decider reviewed: it must be the current plan's
 * @param partitions the decider's partition scope ("*" for all)
 * @param tier the decider's escalation tier
 */
public record ApprovalDecision(boolean approve, String decidedBy, String reason, String planDigest,
    List<String> partitions, int tier) {

  public ApprovalDecision {
    partitions = partitions == null ? List.of() : List.copyOf(partitions);
  }
}
