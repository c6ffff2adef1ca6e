package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.HostResult;
import io.firebreak.orchestrator.gateway.RecordedResult;
import io.firebreak.orchestrator.gateway.TargetHost;
import io.firebreak.orchestrator.playbook.LabelSelector;
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
  private final TenantResultDao tenantResults;

  public IncidentActivitiesImpl(Jdbi jdbi, AgentDao agents, IncidentDao incidents, HostResultDao results) {
    this.jdbi = jdbi;
    this.tenantResults = new TenantResultDao(jdbi);
    this.plans = new PlanDao(jdbi);
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
      for (AgentRecord agent : agents.list(spec.partitions())) {
        if (selector == null || selector.matches(agent.labels())) {
          selected.putIfAbsent(agent.hostId(), target(agent));
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
  public PlanSummary snapshotPlan(String incidentId, TargetSpec spec) {
    ResolvedTargets resolved = resolveTargets(spec);
    plans.replace(incidentId, resolved.hosts());
    List<TargetHost> hosts = resolved.hosts();
    List<PlanSlice> partitions = PlanSlice.partitionsOf(hosts);
    List<String> unknown = resolved.unknownHosts();
    return new PlanSummary(hosts.size(), partitions,
        unknown.subList(0, Math.min(unknown.size(), PlanSummary.MAX_UNKNOWN_LISTED)), unknown.size());
  }

  @Override
  public PlanSummary planSummary(String incidentId) {
    return new PlanSummary(plans.count(incidentId), plans.partitions(incidentId), List.of(), 0);
  }

  @Override
  public List<TargetHost> planHosts(String incidentId, PlanSlice slice) {
    return plans.hosts(incidentId, slice);
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
  public void recordTenantResults(TenantResults results) {
    tenantResults.record(results);
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
