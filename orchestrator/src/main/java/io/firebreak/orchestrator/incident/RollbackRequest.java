package io.firebreak.orchestrator.incident;

import java.util.List;

/**
 * Input of an explicit rollback of an ended incident.
 *
 * @param ended the incident's last recorded status (its forward steps' counts say what was done)
 * @param steps the incident's steps as they ran (with their inverses)
 * @param maxConcurrency hosts in flight at once (0: no cap), as the incident's rollout had it
 * @param grantId the incident's grant (a rollback may undo what an ended, not revoked, grant allowed)
 */
public record RollbackRequest(IncidentStatus ended, List<StepSpec> steps, int maxConcurrency, String requestedBy,
    String reason, String grantId) {

  public RollbackRequest {
    steps = List.copyOf(steps);
  }
}
