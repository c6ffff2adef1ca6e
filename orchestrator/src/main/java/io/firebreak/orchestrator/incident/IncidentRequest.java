package io.firebreak.orchestrator.incident;

import java.util.List;

/**
 * Starts an incident: a snapshot of the playbook (so that editing the playbook file never changes
 * a running incident) bound to its targets.
 *
 * @param incidentKey the stable key the workflow id is derived from (for alerts: playbook and
 *     entity), so a repeated alert joins the running incident
 * @param mode "autonomous" or "approval"
 * @param targets the hosts the agent steps act on
 * @param requestedBy the user who launched it, or "alert:<alertId>" for a detection alert
 * @param trigger the alert that opened the incident, or null for a responder's run
 * @param rollout waves, concurrency and error budgets; null (older requests) means all at once
 * @param tenants the Microsoft tenants the orchestrator-side steps act on, or null when the
 *     playbook has none (older requests too)
 * @param ticket an optional change or incident ticket reference shown to approvers
 */
public record IncidentRequest(
    String incidentKey,
    String playbook,
    String mode,
    TargetSpec targets,
    List<StepSpec> steps,
    String requestedBy,
    String justification,
    AlertRef trigger,
    RolloutSpec rollout,
    TenantSpec tenants,
    String ticket) {

  public static final String MODE_AUTONOMOUS = "autonomous";
  public static final String MODE_APPROVAL = "approval";

  public IncidentRequest {
    steps = List.copyOf(steps);
    rollout = rollout == null ? RolloutSpec.ALL_AT_ONCE : rollout;
  }

  /** A request without tenant targets (a playbook whose steps all run on hosts) and without a ticket. */
  public IncidentRequest(String incidentKey, String playbook, String mode, TargetSpec targets, List<StepSpec> steps,
      String requestedBy, String justification, AlertRef trigger, RolloutSpec rollout) {
    this(incidentKey, playbook, mode, targets, steps, requestedBy, justification, trigger, rollout, null, null);
  }

  /** A request without a ticket reference. */
  public IncidentRequest(String incidentKey, String playbook, String mode, TargetSpec targets, List<StepSpec> steps,
      String requestedBy, String justification, AlertRef trigger, RolloutSpec rollout, TenantSpec tenants) {
    this(incidentKey, playbook, mode, targets, steps, requestedBy, justification, trigger, rollout, tenants, null);
  }

  /** This request with {@code ticket} as its ticket reference. */
  public IncidentRequest withTicket(String ticket) {
    return new IncidentRequest(incidentKey, playbook, mode, targets, steps, requestedBy, justification, trigger,
        rollout, tenants, ticket);
  }

  public boolean needsApproval() {
    return MODE_APPROVAL.equals(mode);
  }

  /** True when at least one step runs on hosts (the plan snapshot and waves are needed). */
  public boolean hasHostSteps() {
    return steps.stream().anyMatch(step -> !step.inOrchestrator());
  }

  /**
   * True when a step runs in the orchestrator on tenant targets (even targets selecting nothing):
   * the plan then touches the pseudo-partition {@link io.firebreak.orchestrator.gdap.GdapActivities#PARTITION}, so
   * its approvers, its grant and the callers who may see the incident need that partition (or "*").
   */
  public boolean touchesTenants() {
    return tenants != null && steps.stream().anyMatch(StepSpec::inOrchestrator);
  }

  /** True when tenant targets select at least one tenant and a step runs in the orchestrator. */
  public boolean hasTenantWork() {
    return tenants != null && !tenants.selectsNothing() && steps.stream().anyMatch(StepSpec::inOrchestrator);
  }
}
