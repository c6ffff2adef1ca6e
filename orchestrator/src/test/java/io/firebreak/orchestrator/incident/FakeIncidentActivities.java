package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.TargetHost;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The database side faked at the interface: a fixed registry, and every call recorded. */
class FakeIncidentActivities implements IncidentActivities {
  final List<TargetHost> registry;
  final Map<String, TargetHost> relocated = new HashMap<>();
  final List<IncidentStatus> statuses = Collections.synchronizedList(new ArrayList<>());
  final List<HostResultBatch> hostResults = Collections.synchronizedList(new ArrayList<>());
  final List<AlertRef> alerts = Collections.synchronizedList(new ArrayList<>());

  FakeIncidentActivities(List<TargetHost> registry) {
    this.registry = List.copyOf(registry);
  }

  @Override
  public ResolvedTargets resolveTargets(TargetSpec spec) {
    return new ResolvedTargets(registry, List.of("ghost-1"));
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
  public void recordAlert(String incidentId, AlertRef alert) {
    alerts.add(alert);
  }

  static List<TargetHost> hosts(String gateway, String prefix, int count) {
    List<TargetHost> hosts = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      hosts.add(new TargetHost(String.format("%s-%05d", prefix, i), "p1", gateway));
    }
    return hosts;
  }
}
