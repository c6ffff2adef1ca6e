package io.firebreak.orchestrator.incident;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of incidents in the REST API (stable field names for scripts). */
final class IncidentViews {
  private IncidentViews() {}

  static Map<String, Object> summary(IncidentRecord incident) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("incidentId", incident.incidentId());
    view.put("playbook", incident.playbook());
    view.put("state", incident.state());
    view.put("mode", incident.mode());
    view.put("requestedBy", incident.requestedBy());
    view.put("justification", incident.justification());
    view.put("alertId", incident.alertId());
    view.put("alertCount", incident.alertCount());
    view.put("targetCount", incident.targetCount());
    IncidentStatus status = incident.status();
    view.put("decidedBy", status == null ? null : status.decidedBy());
    view.put("decisionReason", status == null ? null : status.decisionReason());
    view.put("abortReason", status == null ? null : status.abortReason());
    view.put("error", incident.error());
    view.put("createdAt", incident.createdAt().toString());
    view.put("updatedAt", incident.updatedAt().toString());
    return view;
  }

  static Map<String, Object> host(HostResultDao.Row row) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("step", row.step());
    view.put("host", row.hostId());
    view.put("partition", row.partition());
    view.put("action", row.action());
    view.put("outcome", row.outcome());
    view.put("detail", row.detail());
    view.put("duplicate", row.duplicate());
    view.put("commandId", row.commandId());
    view.put("evidence", row.evidence());
    view.put("startedAt", row.startedAt() == null ? null : row.startedAt().toString());
    view.put("finishedAt", row.finishedAt() == null ? null : row.finishedAt().toString());
    return view;
  }

  /** One relationship (or customer without one) an orchestrator-side step acted on. */
  static Map<String, Object> tenant(TenantResultDao.Row row) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("step", row.step());
    view.put("customerTenantId", row.customerTenantId());
    view.put("relationshipId", row.relationshipId());
    view.put("partnerTenantId", row.partnerTenantId());
    view.put("action", row.action());
    view.put("outcome", row.outcome());
    view.put("succeeded", row.succeeded());
    view.put("detail", row.detail());
    view.put("evidence", row.evidence());
    view.put("startedAt", row.startedAt() == null ? null : row.startedAt().toString());
    view.put("finishedAt", row.finishedAt() == null ? null : row.finishedAt().toString());
    return view;
  }
}
