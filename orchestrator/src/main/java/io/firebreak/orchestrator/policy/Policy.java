package io.firebreak.orchestrator.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The access policy: for a plan (actions × partitions × hosts), how many distinct approvers it
 * needs, how long the approval request waits at each escalation tier and how long the grant it
 * mints lives. Autonomous (zero approvals) is what a rule grants, never the default: a step no rule
 * matches needs one approver. Immutable and thread-safe.
 *
 * @param requestTtl an approval request expires (fails closed) after this
 * @param tiers escalation tiers in order, each with how long it waits before the next
 * @param defaultGrantTtl how long a grant lives unless a rule says otherwise
 * @param maxGrantTtl no grant lives longer
 * @param maxAutonomousHosts a plan on more hosts needs at least one approver
 * @param wholePartition approvals a plan covering every host of a partition needs at least
 * @param irreversible approvals a plan with an irreversible action needs at least
 */
public record Policy(Duration requestTtl, List<Tier> tiers, Duration defaultGrantTtl, Duration maxGrantTtl,
    int maxAutonomousHosts, int wholePartition, int irreversible, List<Rule> rules, String source) {

  /** The policy used when none is configured: every action needs one approver. */
  public static final Policy STRICT = new Policy(Duration.ofMinutes(30),
      List.of(new Tier(1, Duration.ofMinutes(15)), new Tier(2, Duration.ofMinutes(15))), Duration.ofHours(1),
      Duration.ofHours(4), 0, 1, 2, List.of(), "built-in strict policy");

  public Policy {
    tiers = List.copyOf(tiers);
    rules = List.copyOf(rules);
  }

  /** An escalation tier: approvers of this tier (or a lower one) may decide while it is current. */
  public record Tier(int tier, Duration waitFor) {}

  /**
   * A rule: steps of these actions on plans within these partitions need this many approvers.
   *
   * @param partitions null or containing "*" for any partition
   * @param grantTtl null for the policy's default
   */
  public record Rule(Set<String> actions, Set<String> partitions, int approvals, Duration grantTtl, int line) {
    boolean matches(String action, Collection<String> planPartitions) {
      boolean actionMatches = actions.contains(action) || actions.contains("*");
      boolean partitionsMatch = partitions == null || partitions.contains("*") || partitions.containsAll(planPartitions);
      return actionMatches && partitionsMatch;
    }
  }

  /** The facts of a plan the policy decides on. */
  public record PlanFacts(List<String> actions, List<String> irreversibleActions, Set<String> partitions,
      int hostCount, Set<String> wholePartitions, boolean playbookAsksApproval) {}

  /**
   * What the plan needs.
   *
   * @param approvals distinct approvers required (0: autonomous, by policy)
   * @param reasons why, one line each (shown to approvers)
   */
  public record Requirement(int approvals, List<String> reasons, Duration grantTtl, Duration requestTtl,
      List<Tier> tiers) {}

  public Requirement decide(PlanFacts plan) {
    int approvals = 0;
    List<String> reasons = new ArrayList<>();
    Duration grantTtl = defaultGrantTtl;
    for (String action : plan.actions()) {
      Rule rule = rules.stream().filter(r -> r.matches(action, plan.partitions())).findFirst().orElse(null);
      int needed = rule == null ? 1 : rule.approvals();
      if (rule != null && rule.grantTtl() != null && rule.grantTtl().compareTo(grantTtl) < 0) {
        grantTtl = rule.grantTtl();
      }
      if (needed > 0) {
        reasons.add(rule == null ? action + ": no policy rule makes it autonomous (" + needed + " approver)"
            : action + ": policy rule at " + source + ":" + rule.line() + " requires " + needed);
      }
      approvals = Math.max(approvals, needed);
    }
    if (plan.hostCount() > maxAutonomousHosts && approvals < 1) {
      approvals = 1;
      reasons.add(plan.hostCount() + " hosts is more than the " + maxAutonomousHosts + " the policy lets run autonomously");
    }
    if (!plan.wholePartitions().isEmpty() && approvals < wholePartition) {
      approvals = wholePartition;
      reasons.add("covers whole partition(s) " + plan.wholePartitions() + ": " + wholePartition + " approver(s)");
    }
    if (!plan.irreversibleActions().isEmpty() && approvals < irreversible) {
      approvals = irreversible;
      reasons.add("irreversible action(s) " + plan.irreversibleActions() + ": " + irreversible + " approver(s)");
    }
    if (plan.playbookAsksApproval() && approvals < 1) {
      approvals = 1;
      reasons.add("the playbook runs in approval mode");
    }
    if (grantTtl.compareTo(maxGrantTtl) > 0) {
      grantTtl = maxGrantTtl;
    }
    return new Requirement(approvals, reasons, grantTtl, requestTtl, tiers);
  }
}
