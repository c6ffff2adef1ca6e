package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.policy.Policy;
import java.util.List;
import java.util.Map;

/** Resolves a target spec against the agent registry and says what the policy requires (plans, dry runs). */
public interface TargetResolver {
  /** Known hosts in plan order (partition, then host id), and named hosts nobody knows. */
  ResolvedTargets resolveTargets(TargetSpec spec);

  /** What the policy requires of {@code steps} on {@code perPartition} hosts (approvers, grant lifetime). */
  Policy.Requirement requirement(List<StepSpec> steps, boolean playbookAsksApproval, Map<String, Integer> perPartition);

  /** The partner tenant {@code revoke-gdap} is configured for, or null when it is not configured. */
  default String gdapPartnerTenantId() {
    return null;
  }
}
