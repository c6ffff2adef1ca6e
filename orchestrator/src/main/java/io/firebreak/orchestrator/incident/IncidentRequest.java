package io.firebreak.orchestrator.incident;

import java.util.List;

/**
 * Starts an incident: a snapshot of the playbook (so that editing the playbook file never changes
 * a running incident) bound to its targets.
 *
 * @param incidentKey the stable key the workflow id is derived from (for alerts: playbook and
 *     entity), so a repeated alert joins the running incident
 * @param mode "autonomous" or "approval"
 * @param requestedBy the user who launched it, or "alert:<alertId>" for a detection alert
 * @param trigger the alert that opened the incident, or null for a responder's run
 * @param rollout waves, concurrency and error budgets; null (older requests) means all at once
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
    String ticket) {

  public static final String MODE_AUTONOMOUS = "autonomous";
  public static final String MODE_APPROVAL = "approval";

  public IncidentRequest {
    steps = List.copyOf(steps);
    rollout = rollout == null ? RolloutSpec.ALL_AT_ONCE : rollout;
  }

  /** A request without a ticket reference. */
  public IncidentRequest(String incidentKey, String playbook, String mode, TargetSpec targets, List<StepSpec> steps,
      String requestedBy, String justification, AlertRef trigger, RolloutSpec rollout) {
    this(incidentKey, playbook, mode, targets, steps, requestedBy, justification, trigger, rollout, null);
  }

  public boolean needsApproval() {
    return MODE_APPROVAL.equals(mode);
  }
}
