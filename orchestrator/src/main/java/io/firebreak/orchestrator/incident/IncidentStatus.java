package io.firebreak.orchestrator.incident;

import java.util.List;

/**
 * What the workflow knows about its incident; returned by the status query and recorded in the
 * database after every batch.
 *
 * @param unknownHosts hosts named by the targets that the registry does not know
 * @param alertCount alerts folded into this incident (1 for the opening alert)
 * @param decidedBy who approved or denied, or null
 * @param abortReason why the rollout stopped early (error budget), or null
 * @param version increases with every change; the index keeps the newest it has seen, so status
 *     writes may land in any order
 */
public record IncidentStatus(
    String incidentId,
    String playbook,
    IncidentState state,
    int targetCount,
    List<String> unknownHosts,
    List<StepStatus> steps,
    int alertCount,
    String decidedBy,
    String decisionReason,
    String error,
    String abortReason,
    long version) {}
