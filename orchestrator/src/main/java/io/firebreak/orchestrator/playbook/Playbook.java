package io.firebreak.orchestrator.playbook;

import io.firebreak.orchestrator.incident.AlertRef;
import io.firebreak.orchestrator.incident.IncidentRequest;
import io.firebreak.orchestrator.incident.RolloutSpec;
import io.firebreak.orchestrator.incident.TargetSpec;
import java.util.List;

/**
 * A validated playbook (format version 1).
 *
 * @param mode "autonomous" or "approval"
 * @param source the file it was loaded from
 */
public record Playbook(String name, String description, String mode, List<Trigger> triggers,
    PlaybookTargets targets, List<PlaybookStep> steps, RolloutSpec rollout, String source) {

  public Playbook {
    triggers = List.copyOf(triggers);
    steps = List.copyOf(steps);
  }

  /** A snapshot of this playbook for one incident, so later edits never change it. */
  public IncidentRequest toRequest(String incidentKey, TargetSpec boundTargets, String requestedBy,
      String justification, AlertRef trigger) {
    return new IncidentRequest(incidentKey, name, mode, boundTargets,
        steps.stream().map(PlaybookStep::toSpec).toList(), requestedBy, justification, trigger, rollout);
  }
}
