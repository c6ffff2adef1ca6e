package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.access.ApprovalDao;
import io.firebreak.orchestrator.access.GrantDao;
import io.firebreak.orchestrator.audit.AuditActions;
import io.firebreak.orchestrator.audit.AuditEvent;
import io.firebreak.orchestrator.gateway.HostResult;
import io.firebreak.orchestrator.gateway.RecordedResult;
import io.firebreak.orchestrator.gateway.TargetHost;
import io.firebreak.orchestrator.gdap.GdapActivities;
import io.firebreak.orchestrator.playbook.LabelSelector;
import io.firebreak.orchestrator.policy.Policy;
import io.firebreak.orchestrator.registry.AgentDao;
import io.firebreak.orchestrator.registry.AgentRecord;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** Database-side activities of the incident workflow. Stateless apart from its DAOs. */
public final class IncidentActivitiesImpl implements IncidentActivities, TargetResolver {
  private static final Comparator<TargetHost> PLAN_ORDER =
      Comparator.comparing(TargetHost::partition).thenComparing(TargetHost::hostId);

  private final AgentDao agents;
  private final IncidentDao incidents;
  private final Jdbi jdbi;
  private final HostResultDao results;
  private final PlanDao plans;
  private final RecentPlans recentPlans = new RecentPlans();
  private final TenantResultDao tenantResults;
  private final java.util.function.Supplier<Policy> policy;
  private final ApprovalDao approvals;
  private final GrantDao grants;
  private final java.time.Clock clock;
  private final java.util.function.Consumer<AuditEvent> audit;
  private final String gdapPartnerTenantId;

  public IncidentActivitiesImpl(Jdbi jdbi, AgentDao agents, IncidentDao incidents, HostResultDao results) {
    this(jdbi, agents, incidents, results, () -> Policy.STRICT, java.time.Clock.systemUTC());
  }

  public IncidentActivitiesImpl(Jdbi jdbi, AgentDao agents, IncidentDao incidents, HostResultDao results,
      java.util.function.Supplier<Policy> policy, java.time.Clock clock) {
    this(jdbi, agents, incidents, results, policy, clock, event -> { });
  }

  /** With {@code audit} receiving the incident's lifecycle events (plan, approvals, grant, end). */
  public IncidentActivitiesImpl(Jdbi jdbi, AgentDao agents, IncidentDao incidents, HostResultDao results,
      java.util.function.Supplier<Policy> policy, java.time.Clock clock,
      java.util.function.Consumer<AuditEvent> audit) {
    this(jdbi, agents, incidents, results, policy, clock, audit, null);
  }

  /**
   * @param gdapPartnerTenantId the partner {@code revoke-gdap} is configured for, or null: part of
   *     the plans (and digests) of incidents with tenant targets
   */
  public IncidentActivitiesImpl(Jdbi jdbi, AgentDao agents, IncidentDao incidents, HostResultDao results,
      java.util.function.Supplier<Policy> policy, java.time.Clock clock,
      java.util.function.Consumer<AuditEvent> audit, String gdapPartnerTenantId) {
    this.gdapPartnerTenantId = gdapPartnerTenantId;
    this.audit = audit;
    this.jdbi = jdbi;
    this.tenantResults = new TenantResultDao(jdbi);
    this.plans = new PlanDao(jdbi);
    this.policy = policy;
    this.approvals = new ApprovalDao(jdbi);
    this.grants = new GrantDao(jdbi);
    this.clock = clock;
    this.results = results;
    this.agents = agents;
    this.incidents = incidents;
  }

  @Override
  public ResolvedTargets resolveTargets(TargetSpec spec) {
    Map<String, TargetHost> selected = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    Set<String> excluded = new HashSet<>(spec.exclude());
    List<AgentRecord> named = agents.find(spec.hosts());
    Set<String> known = new HashSet<>();
    for (AgentRecord agent : named) {
      known.add(agent.hostId());
      selected.put(agent.hostId(), target(agent));
    }
    for (String host : spec.hosts()) {
      if (!known.contains(host) && !excluded.contains(host)) {
        unknown.add(host);
      }
    }
    if (spec.selectsFromRegistry()) {
      LabelSelector selector = selector(spec.selector());
      if (selector == null) {
        // Whole partitions: no labels to read (a partition can have tens of thousands of hosts).
        agents.targets(spec.partitions()).forEach(host -> selected.putIfAbsent(host.hostId(), host));
      } else {
        for (AgentRecord agent : agents.list(spec.partitions())) {
          if (selector.matches(agent.labels())) {
            selected.putIfAbsent(agent.hostId(), target(agent));
          }
        }
      }
    }
    List<TargetHost> hosts = new ArrayList<>();
    for (TargetHost host : selected.values()) {
      if (!excluded.contains(host.hostId())) {
        hosts.add(host);
      }
    }
    hosts.sort(PLAN_ORDER);
    return new ResolvedTargets(hosts, unknown);
  }

  @Override
  public PlanSummary snapshotPlan(String incidentId, IncidentRequest request) {
    // A playbook whose steps all run in the orchestrator has no host targets: never resolve them.
    ResolvedTargets resolved = request.hasHostSteps() ? resolveTargets(request.targets())
        : new ResolvedTargets(List.of(), List.of());
    recentPlans.forget(incidentId);
    plans.replace(incidentId, resolved.hosts());
    List<TargetHost> hosts = resolved.hosts();
    recentPlans.put(incidentId, hosts);
    List<PlanSlice> partitions = PlanSlice.partitionsOf(hosts);
    List<String> touched = touchedPartitions(request, partitions);
    if (!incidents.recordPartitions(incidentId, touched)) {
      // Its readers are authorized by these partitions: never go on without them (retried until
      // the starter has opened the row, as recordStatus is; nothing is audited before this).
      throw ApplicationFailure.newFailure(
          "incident " + incidentId + " is not in the index yet", "IncidentNotIndexed");
    }
    List<String> unknown = resolved.unknownHosts();
    String digest = (String) PlanBuilder.view(request, hosts, unknown, gdapPartnerTenantId).get("digest");
    audit.accept(AuditEvent.of(request.requestedBy(), AuditActions.INCIDENT_OPENED, incidentId)
        .withDetail("playbook", request.playbook()).withDetail("mode", request.mode())
        .withDetail("justification", String.valueOf(request.justification()))
        .withDetail("ticket", String.valueOf(request.ticket())));
    AuditEvent resolvedEvent = AuditEvent.of("system", AuditActions.PLAN_RESOLVED, incidentId)
        .withDetail("hosts", hosts.size()).withDetail("partitions", touched)
        .withDetail("unknownHosts", unknown.size()).withDetail("digest", digest);
    if (request.touchesTenants()) {
      resolvedEvent = resolvedEvent.withDetail("allCustomers", request.tenants().allCustomers())
          .withDetail("customers", request.tenants().customerTenantIds())
          .withDetail("partnerTenantId", String.valueOf(request.tenants().partnerTenantId() != null
              ? request.tenants().partnerTenantId() : gdapPartnerTenantId));
    }
    audit.accept(resolvedEvent);
    return new PlanSummary(hosts.size(), partitions,
        unknown.subList(0, Math.min(unknown.size(), PlanSummary.MAX_UNKNOWN_LISTED)), unknown.size(), digest);
  }

  /**
   * The partitions a plan touches: its hosts' partitions, and {@link GdapActivities#PARTITION} when
   * a step acts on tenants (approvers, grant and readers must cover it).
   */
  static List<String> touchedPartitions(IncidentRequest request, List<PlanSlice> hostSlices) {
    java.util.Set<String> touched = new java.util.LinkedHashSet<>();
    hostSlices.forEach(slice -> touched.add(slice.partition()));
    if (request.touchesTenants()) {
      touched.add(GdapActivities.PARTITION);
    }
    return List.copyOf(touched);
  }

  @Override
  public PlanSummary planSummary(String incidentId) {
    return new PlanSummary(plans.count(incidentId), plans.partitions(incidentId), List.of(), 0, null);
  }

  @Override
  public AccessDecision requestAccess(AccessRequest access) {
    IncidentRequest request = access.request();
    PlanSummary plan = access.plan();
    Map<String, Integer> perPartition = new java.util.TreeMap<>();
    plan.partitions().forEach(slice -> perPartition.merge(slice.partition(), slice.size(), Integer::sum));
    if (request.touchesTenants()) {
      // No host is in it: 0 hosts, never a "whole partition"; approvers and the grant must cover it.
      perPartition.put(GdapActivities.PARTITION, 0);
    }
    List<String> irreversible = new ArrayList<>();
    java.util.Set<String> scope = new java.util.TreeSet<>();
    for (StepSpec step : request.steps()) {
      scope.add(step.action());
      if (step.inverse() != null) {
        scope.add(step.inverse());
      }
      if (step.irreversible()) {
        irreversible.add(step.action());
      }
    }
    Policy.Requirement requirement = requirement(request.steps(), request.needsApproval(), perPartition);
    List<AccessDecision.TierWait> tiers = requirement.tiers().stream()
        .map(tier -> new AccessDecision.TierWait(tier.tier(), tier.waitFor().toMillis())).toList();
    java.time.Instant now = clock.instant();
    String approvalId = null;
    long expiresAt = now.plus(requirement.requestTtl()).toEpochMilli();
    if (requirement.approvals() > 0) {
      approvalId = "apr-" + access.incidentId().substring(access.incidentId().indexOf('-') + 1);
      Map<String, Object> view = PlanBuilder.view(request,
          plans.hosts(access.incidentId(), new PlanSlice("", 0, plan.total())), plan.unknownHosts(),
          gdapPartnerTenantId);
      approvals.open(new ApprovalDao.Approval(approvalId, access.incidentId(), request.playbook(), "pending",
          request.requestedBy(), request.justification(), request.ticket(), plan.digest(), view, perPartition,
          plan.total(), !irreversible.isEmpty(), requirement.approvals(), requirement.reasons(),
          tiers.get(0).tier(), tiers.size(), List.of(), null, now, java.time.Instant.ofEpochMilli(expiresAt)));
      expiresAt = approvals.find(approvalId).orElseThrow().expiresAt().toEpochMilli();
      audit.accept(AuditEvent.of(request.requestedBy(), AuditActions.APPROVAL_REQUESTED, access.incidentId())
          .withDetail("approvalId", approvalId).withDetail("required", requirement.approvals())
          .withDetail("reasons", requirement.reasons()).withDetail("digest", plan.digest())
          .withDetail("expiresAt", java.time.Instant.ofEpochMilli(expiresAt).toString()));
    }
    return new AccessDecision(requirement.approvals(), requirement.reasons(), approvalId, expiresAt, tiers,
        requirement.grantTtl().toMillis(), List.copyOf(perPartition.keySet()), List.copyOf(scope));
  }

  @Override
  public Policy.Requirement requirement(List<StepSpec> steps, boolean playbookAsksApproval,
      Map<String, Integer> perPartition) {
    java.util.Set<String> whole = new java.util.TreeSet<>();
    perPartition.forEach((partition, count) -> {
      if (!partition.equals(GdapActivities.PARTITION) && count >= agents.count(partition)) {
        whole.add(partition);
      }
    });
    List<String> actions = steps.stream().map(StepSpec::action).toList();
    List<String> irreversible = steps.stream().filter(StepSpec::irreversible).map(StepSpec::action).toList();
    int total = perPartition.values().stream().mapToInt(Integer::intValue).sum();
    return policy.get().decide(new Policy.PlanFacts(actions, irreversible, perPartition.keySet(), total, whole,
        playbookAsksApproval));
  }

  @Override
  public GrantRef mintGrant(GrantRequest request) {
    java.time.Instant now = clock.instant();
    String grantId = "grt-" + request.incidentId().substring(request.incidentId().indexOf('-') + 1);
    GrantDao.Grant grant = grants.mint(new GrantDao.Grant(grantId, request.incidentId(), request.approvalId(),
        new java.util.LinkedHashSet<>(request.partitions()), new java.util.LinkedHashSet<>(request.actions()),
        request.hostCount(), String.join(",", request.mintedBy()), now, now.plusMillis(request.ttlMs()), null, null,
        null));
    audit.accept(AuditEvent.of(String.join(",", request.mintedBy()), AuditActions.GRANT_MINTED, request.incidentId())
        .withDetail("grantId", grant.grantId()).withDetail("approvalId", String.valueOf(request.approvalId()))
        .withDetail("partitions", request.partitions()).withDetail("actions", request.actions())
        .withDetail("notAfter", grant.notAfter().toString()));
    return new GrantRef(grant.grantId(), grant.notAfter().toEpochMilli());
  }

  @Override
  public void recordApproval(ApprovalUpdate update) {
    approvals.update(update.approvalId(), update.state(), update.tier(), update.decisions(), update.reason());
    String action = switch (update.event()) {
      case "escalated" -> AuditActions.APPROVAL_ESCALATED;
      case "expired" -> AuditActions.APPROVAL_EXPIRED;
      default -> AuditActions.APPROVAL_DECIDED;
    };
    String actor = update.decisions().isEmpty() || !update.event().equals("decided") && !update.event().equals("approved")
        ? "system" : update.decisions().get(update.decisions().size() - 1).by();
    audit.accept(AuditEvent.of(actor, action, update.incidentId()).withDetail("approvalId", update.approvalId())
        .withDetail("event", update.event()).withDetail("state", update.state()).withDetail("tier", update.tier())
        .withDetail("approvers", update.decisions().stream().map(ApprovalDao.Decision::by).toList())
        .withDetail("reason", String.valueOf(update.reason())));
  }

  @Override
  public List<TargetHost> planHosts(String incidentId, PlanSlice slice) {
    return recentPlans.slice(incidentId, slice).orElseGet(() -> plans.hosts(incidentId, slice));
  }

  @Override
  public List<TargetHost> succeededHosts(String incidentId, String step, PlanSlice slice, int offset, int limit) {
    return plans.succeeded(incidentId, step, slice, offset, limit);
  }

  @Override
  public List<TargetHost> locate(List<String> hostIds) {
    Map<String, TargetHost> found = new LinkedHashMap<>();
    for (AgentRecord agent : agents.find(hostIds)) {
      found.put(agent.hostId(), target(agent));
    }
    List<TargetHost> located = new ArrayList<>(hostIds.size());
    for (String host : hostIds) {
      located.add(found.getOrDefault(host, new TargetHost(host, "", null)));
    }
    return located;
  }

  @Override
  public void recordStatus(IncidentStatus status) {
    if (status.state().isTerminal() || status.state() == IncidentState.ROLLING_BACK) {
      audit.accept(AuditEvent.of("system", status.state() == IncidentState.ROLLING_BACK
              ? AuditActions.ROLLBACK_STARTED : AuditActions.INCIDENT_ENDED, status.incidentId())
          .withDetail("state", status.state().wireName())
          .withDetail("abortReason", String.valueOf(status.abortReason()))
          .withDetail("version", status.version()));
    }
    if (!incidents.recordStatus(status)) {
      // The starter opens the row right after starting the workflow; retry until it has.
      throw ApplicationFailure.newFailure(
          "incident " + status.incidentId() + " is not in the index yet", "IncidentNotIndexed");
    }
  }

  @Override
  public void recordHostResults(HostResultBatch batch) {
    List<RecordedResult> rows = new ArrayList<>(batch.results().size());
    for (HostResult result : batch.results()) {
      rows.add(new RecordedResult(result.hostId(), result.partition(),
          IncidentIds.commandId(batch.incidentId(), batch.step(), result.hostId(), batch.epoch()),
          result.outcome(), result.detail(), result.duplicate(), java.util.Map.of(), 0, result.finishedAtMs()));
    }
    results.record(batch.incidentId(), batch.step(), batch.action(), rows);
  }

  @Override
  public String gdapPartnerTenantId() {
    return gdapPartnerTenantId;
  }

  @Override
  public void recordTenantResults(TenantResults results) {
    tenantResults.record(results);
    // One audit event per relationship, as for every host's command result.
    for (io.firebreak.orchestrator.gdap.RelationshipOutcome outcome : results.result().outcomes()) {
      audit.accept(AuditEvent.of("orchestrator", AuditActions.COMMAND_RESULT, results.incidentId())
          .withPartition(GdapActivities.PARTITION).withDetail("step", results.step())
          .withDetail("action", results.action()).withDetail("grantId", String.valueOf(results.grantId()))
          .withDetail("partnerTenantId", results.result().partnerTenantId())
          .withDetail("customerTenantId", outcome.customerTenantId())
          .withDetail("relationshipId", String.valueOf(outcome.relationshipId()))
          .withDetail("outcome", outcome.outcome().name().toLowerCase(java.util.Locale.ROOT))
          .withDetail("detail", String.valueOf(outcome.reason())));
    }
  }

  @Override
  public void recordAlert(String incidentId, AlertRef alert) {
    jdbi.useHandle(handle -> handle.createUpdate("MERGE INTO incident_alerts (incident_id, alert_id,"
            + " received_at) KEY (incident_id, alert_id) VALUES (:incident, :alert, :received)")
        .bind("incident", incidentId)
        .bind("alert", alert.alertId())
        .bind("received", Instant.ofEpochMilli(alert.receivedAtMs()))
        .execute());
  }

  private static LabelSelector selector(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return LabelSelector.parse(text);
    } catch (IllegalArgumentException e) {
      // Retrying cannot fix a bad selector.
      throw ApplicationFailure.newNonRetryableFailure("bad selector '" + text + "': " + e.getMessage(), "BadSelector");
    }
  }

  private static TargetHost target(AgentRecord agent) {
    return new TargetHost(agent.hostId(), agent.partition(), agent.connected() ? agent.gatewayId() : null);
  }
}
