package io.firebreak.orchestrator.incident;

import java.util.List;

/**
 * What the policy decided for an incident's plan.
 *
 * @param required distinct approvers needed; 0 means the policy lets it run autonomously
 * @param reasons why (one line each)
 * @param approvalId the approval request opened for it, or null when autonomous
 * @param requestExpiresAtMs the request fails closed (expired) at this time
 * @param tiers the escalation tiers, in order, with how long each waits
 * @param grantTtlMs how long the grant minted on approval lives
 * @param partitions the partitions the plan touches (the grant's scope)
 * @param actions the actions the plan runs, inverses included (the grant's scope)
 */
public record AccessDecision(int required, List<String> reasons, String approvalId, long requestExpiresAtMs,
    List<TierWait> tiers, long grantTtlMs, List<String> partitions, List<String> actions) {

  public AccessDecision {
    reasons = List.copyOf(reasons);
    tiers = List.copyOf(tiers);
    partitions = List.copyOf(partitions);
    actions = List.copyOf(actions);
  }

  /** An escalation tier and how long it waits for a decision before the next one. */
  public record TierWait(int tier, long waitMs) {}
}
