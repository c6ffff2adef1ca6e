package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.DispatchActivities;
import io.firebreak.orchestrator.gateway.DispatchResult;
import io.firebreak.orchestrator.gateway.HostOutcome;
import io.firebreak.orchestrator.gateway.TargetHost;
import io.firebreak.orchestrator.gdap.GdapActivities;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The database side faked at the interface: a fixed registry that is also the plan snapshot, the
 * results the gateways reported (through {@link #recording}), and every call recorded.
 */
class FakeIncidentActivities implements IncidentActivities {
  final List<TargetHost> registry;
  final Map<String, Integer> ordinals = new HashMap<>();
  final Map<String, TargetHost> relocated = new HashMap<>();
  final List<IncidentStatus> statuses = Collections.synchronizedList(new ArrayList<>());
  final List<HostResultBatch> hostResults = Collections.synchronizedList(new ArrayList<>());
  final List<AlertRef> alerts = Collections.synchronizedList(new ArrayList<>());
  final List<TenantResults> tenantResults = Collections.synchronizedList(new ArrayList<>());
  /** Incidents whose plan was snapshotted. */
  final List<String> snapshots = Collections.synchronizedList(new ArrayList<>());
  /** Step → hosts that succeeded in it, in the order the results arrived. */
  private final Map<String, LinkedHashMap<String, TargetHost>> succeeded = new HashMap<>();

  FakeIncidentActivities(List<TargetHost> registry) {
    this.registry = List.copyOf(registry);
    for (int i = 0; i < registry.size(); i++) {
      ordinals.put(registry.get(i).hostId(), i);
    }
  }

  /** {@code dispatch} with its results remembered, as the real gateway records them. */
  DispatchActivities recording(DispatchActivities dispatch) {
    return request -> {
      DispatchResult result = dispatch.dispatch(request);
      synchronized (succeeded) {
        LinkedHashMap<String, TargetHost> done = succeeded.computeIfAbsent(request.step(), step -> new LinkedHashMap<>());
        // Succeeded hosts are the requested ones not listed (or, in the full form, listed as succeeded).
        java.util.Set<String> notSucceeded = new java.util.HashSet<>();
        result.results().stream().filter(host -> host.outcome() != HostOutcome.SUCCEEDED)
            .forEach(host -> notSucceeded.add(host.hostId()));
        for (TargetHost host : request.hosts()) {
          if (!notSucceeded.contains(host.hostId())) {
            done.remove(host.hostId());
            done.put(host.hostId(), new TargetHost(host.hostId(), host.partition(), null));
          }
        }
      }
      return result;
    };
  }

  static final String DIGEST = "sha256:fake-plan";
  /** Approvers the policy asks for; null: one when the playbook asks for approval, else none. */
  volatile Integer required;
  /** The escalation tiers the policy gives approval requests. */
  volatile List<AccessDecision.TierWait> tiers = List.of(new AccessDecision.TierWait(1, 60 * 60_000L));
  volatile long requestTtlMs = 30 * 60_000L;
  /**
   * The clock expiries are computed with. A time-skipping test sets the test server's (the
   * workflow's) clock: with the machine's, a time jump in one test round expired the next round's
   * request as soon as it was made.
   */
  volatile java.util.function.LongSupplier clock = System::currentTimeMillis;
  volatile long grantTtlMs = 60 * 60_000L;
  /** When set, the grant's scope instead of the plan's (to test steps refusing to act outside it). */
  volatile List<String> grantActions;
  volatile List<String> grantPartitions;
  final List<GrantRequest> grants = Collections.synchronizedList(new ArrayList<>());
  final List<ApprovalUpdate> approvalUpdates = Collections.synchronizedList(new ArrayList<>());

  @Override
  public PlanSummary snapshotPlan(String incidentId, IncidentRequest request) {
    snapshots.add(incidentId);
    if (!request.hasHostSteps()) {
      // As the real one: a playbook of orchestrator-side steps only resolves no hosts.
      return new PlanSummary(0, List.of(), List.of(), 0, DIGEST);
    }
    return new PlanSummary(registry.size(), PlanSlice.partitionsOf(registry), List.of("ghost-1"), 1, DIGEST);
  }

  @Override
  public PlanSummary planSummary(String incidentId) {
    return new PlanSummary(registry.size(), PlanSlice.partitionsOf(registry), List.of(), 0, DIGEST);
  }

  @Override
  public AccessDecision requestAccess(AccessRequest access) {
    int needed = required != null ? required : access.request().needsApproval() ? 1 : 0;
    List<String> actions = new ArrayList<>();
    access.request().steps().forEach(step -> {
      actions.add(step.action());
      if (step.inverse() != null) {
        actions.add(step.inverse());
      }
    });
    List<String> partitions = new ArrayList<>(access.plan().partitionNames());
    if (access.request().touchesTenants()) {
      partitions.add(GdapActivities.PARTITION);
    }
    return new AccessDecision(needed, needed == 0 ? List.of() : List.of("test policy"),
        needed == 0 ? null : "apr-" + access.incidentId(), clock.getAsLong() + requestTtlMs, tiers,
        grantTtlMs, grantPartitions != null ? grantPartitions : partitions,
        grantActions != null ? grantActions : actions);
  }

  @Override
  public GrantRef mintGrant(GrantRequest request) {
    grants.add(request);
    return new GrantRef("grt-" + request.incidentId(), clock.getAsLong() + request.ttlMs());
  }

  @Override
  public void recordApproval(ApprovalUpdate update) {
    approvalUpdates.add(update);
  }

  @Override
  public List<TargetHost> planHosts(String incidentId, PlanSlice slice) {
    return List.copyOf(registry.subList(slice.from(), slice.to()));
  }

  @Override
  public List<TargetHost> succeededHosts(String incidentId, String step, PlanSlice slice, int offset, int limit) {
    List<TargetHost> newestFirst = new ArrayList<>();
    synchronized (succeeded) {
      for (TargetHost host : succeeded.getOrDefault(step, new LinkedHashMap<>()).values()) {
        int ordinal = ordinals.get(host.hostId());
        if (ordinal >= slice.from() && ordinal < slice.to()) {
          newestFirst.add(relocated.getOrDefault(host.hostId(), registry.get(ordinal)));
        }
      }
    }
    Collections.reverse(newestFirst);
    return List.copyOf(newestFirst.subList(Math.min(offset, newestFirst.size()),
        Math.min(newestFirst.size(), offset + limit)));
  }

  @Override
  public List<TargetHost> locate(List<String> hostIds) {
    List<TargetHost> located = new ArrayList<>();
    for (String host : hostIds) {
      located.add(relocated.getOrDefault(host, new TargetHost(host, "p1", null)));
    }
    return located;
  }

  @Override
  public void recordStatus(IncidentStatus status) {
    statuses.add(status);
  }

  @Override
  public void recordHostResults(HostResultBatch batch) {
    hostResults.add(batch);
  }

  @Override
  public void recordTenantResults(TenantResults results) {
    tenantResults.add(results);
  }

  @Override
  public void recordAlert(String incidentId, AlertRef alert) {
    alerts.add(alert);
  }

  static List<TargetHost> hosts(String gateway, String prefix, int count) {
    return hosts(gateway, prefix, count, "p1");
  }

  static List<TargetHost> hosts(String gateway, String prefix, int count, String partition) {
    List<TargetHost> hosts = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      hosts.add(new TargetHost(String.format("%s-%05d", prefix, i), partition, gateway));
    }
    return hosts;
  }
}
