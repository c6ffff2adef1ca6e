package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.TargetHost;
import io.temporal.activity.ActivityInterface;
import java.util.List;

/**
 * Database-side work of incident workflows, on the {@code firebreak-incidents} task queue. Every
 * method is idempotent (upserts keyed by incident id) and safe to retry. No method takes or returns
 * more than one page of hosts: the plan snapshot lives in the database.
 */
@ActivityInterface
public interface IncidentActivities {
  /**
   * Resolves targets against the agent registry and stores the result as the incident's plan
   * snapshot (replacing an earlier snapshot of the same incident: a retry re-resolves).
   */
  PlanSummary snapshotPlan(String incidentId, IncidentRequest request);

  /**
   * Decides, by the policy, what the plan needs: nothing (autonomous) or approvals; opens the
   * approval request in the index when it needs them. Idempotent per incident.
   */
  AccessDecision requestAccess(AccessRequest request);

  /** Mints the grant the incident dispatches under. Idempotent per incident. */
  GrantRef mintGrant(GrantRequest request);

  /** Writes the approval request's state, tier and decisions to the index. */
  void recordApproval(ApprovalUpdate update);

  /** The stored plan snapshot's summary (for a rollback after the incident ended). */
  PlanSummary planSummary(String incidentId);

  /**
   * The hosts of {@code slice} (at most a few thousand), in plan order, with their current gateways
   * (as resolved, if this process wrote the snapshot in the last two seconds: see RecentPlans).
   */
  List<TargetHost> planHosts(String incidentId, PlanSlice slice);

  /**
   * Hosts of {@code slice} on which {@code step} succeeded, newest result first, with their current
   * gateways: the page starting at {@code offset}, at most {@code limit} hosts.
   */
  List<TargetHost> succeededHosts(String incidentId, String step, PlanSlice slice, int offset, int limit);

  /** Current gateways of the given hosts (for re-routing after a gateway died). */
  List<TargetHost> locate(List<String> hostIds);

  /** Records the incident's status (state, counts) in the incident index. */
  void recordStatus(IncidentStatus status);

  /**
   * Records per-host results the workflow decided without a gateway (hosts not connected to any
   * gateway, hosts skipped after being unreachable, hosts of a batch whose gateway never ran it).
   */
  void recordHostResults(HostResultBatch batch);

  /**
   * Records the per-relationship results of an orchestrator-side step (e.g. {@code revoke-gdap}),
   * with their evidence. An upsert keyed by incident, step, customer and relationship.
   */
  void recordTenantResults(TenantResults results);

  /** Records that another alert was folded into the incident. */
  void recordAlert(String incidentId, AlertRef alert);
}
