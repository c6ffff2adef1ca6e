package io.firebreak.orchestrator.playbook;

import io.firebreak.orchestrator.incident.AlertRef;
import io.firebreak.orchestrator.incident.IncidentRequest;
import io.firebreak.orchestrator.incident.RolloutSpec;
import io.firebreak.orchestrator.incident.TargetSpec;
import io.firebreak.orchestrator.incident.TenantSpec;
import java.util.List;

/**
 * A validated playbook (format version 1).
 *
 * @param mode "autonomous" or "approval"
 * @param targets the hosts its agent steps act on (empty when every step runs in the orchestrator)
 * @param tenants the Microsoft tenants its orchestrator-side steps act on, or null when it has none
 * @param source the file it was loaded from
 */
public record Playbook(String name, String description, String mode, List<Trigger> triggers,
    PlaybookTargets targets, PlaybookTenants tenants, List<PlaybookStep> steps, RolloutSpec rollout, String source) {

  public Playbook {
    triggers = List.copyOf(triggers);
    steps = List.copyOf(steps);
  }

  /** A snapshot of this playbook for one incident, so later edits never change it. */
  public IncidentRequest toRequest(String incidentKey, TargetSpec boundTargets, String requestedBy,
      String justification, AlertRef trigger) {
    return toRequest(incidentKey, boundTargets, tenants == null ? null : tenants.bind(trigger), requestedBy,
        justification, trigger);
  }

  /** A snapshot of this playbook for one incident, on the given hosts and tenants. */
  public IncidentRequest toRequest(String incidentKey, TargetSpec boundTargets, TenantSpec boundTenants,
      String requestedBy, String justification, AlertRef trigger) {
    return new IncidentRequest(incidentKey, name, mode, boundTargets,
        steps.stream().map(PlaybookStep::toSpec).toList(), requestedBy, justification, trigger, rollout, boundTenants);
  }

  /** True when some step runs on hosts. */
  public boolean hasHostSteps() {
    return steps.stream().anyMatch(step -> !step.inOrchestrator());
  }

  /** True when some step runs in the orchestrator, on tenants. */
  public boolean hasOrchestratorSteps() {
    return steps.stream().anyMatch(PlaybookStep::inOrchestrator);
  }
}
