package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.TargetHost;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * Database-side work of an incident workflow, on the {@code firebreak-incidents} task queue. Every
 * method is idempotent (upserts keyed by incident id) and safe to retry.
 */
@ActivityInterface
public interface IncidentActivities {
  /** Resolves targets against the agent registry, in a stable order. */
  ResolvedTargets resolveTargets(TargetSpec spec);

  /** Current gateways of the given hosts (for re-routing after a gateway died). */
  List<TargetHost> locate(List<String> hostIds);

  /** Records the incident's status (state, counts) in the incident index. */
  void recordStatus(IncidentStatus status);

  /**
   * Records per-host results the workflow decided without a gateway (hosts not connected to any
   * gateway, hosts skipped after being unreachable, hosts of a batch whose gateway never ran it).
   */
  void recordHostResults(HostResultBatch batch);

  /** Records that another alert was folded into the incident. */
  void recordAlert(String incidentId, AlertRef alert);
}
