package io.firebreak.orchestrator.alert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.auth.Auth;
import io.firebreak.orchestrator.api.ApiException;
import io.firebreak.orchestrator.audit.AuditActions;
import io.firebreak.orchestrator.audit.AuditEvent;
import io.firebreak.orchestrator.audit.AuditLog;
import io.firebreak.orchestrator.auth.FirebreakPrincipal;
import io.firebreak.orchestrator.auth.Roles;
import io.firebreak.orchestrator.incident.AlertRef;
import io.firebreak.orchestrator.incident.IncidentService;
import io.firebreak.orchestrator.playbook.Playbook;
import io.firebreak.orchestrator.playbook.PlaybookCatalog;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/alerts}: detection systems report alerts; triggers match them to playbooks.
 * A bad alert gets a 400 naming the field and nothing is stored; a good one is stored, then each
 * matching playbook opens an incident or the alert joins the one already running for its entity.
 * Every stored alert is recorded in the audit trail ({@code ALERT_RECEIVED}, by the caller).
 */
@Path("/api/v1/alerts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.TRIGGER, Roles.RESPONDER, Roles.ADMIN})
public final class AlertResource {
  private static final Logger LOG = LoggerFactory.getLogger(AlertResource.class);

  private final ObjectMapper mapper;
  private final AlertDao alerts;
  private final PlaybookCatalog playbooks;
  private final IncidentService incidents;
  private final Clock clock;
  private final AuditLog audit;

  public AlertResource(ObjectMapper mapper, AlertDao alerts, PlaybookCatalog playbooks,
      IncidentService incidents, Clock clock, AuditLog audit) {
    this.mapper = mapper;
    this.alerts = alerts;
    this.playbooks = playbooks;
    this.incidents = incidents;
    this.clock = clock;
    this.audit = audit;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response receive(@Auth FirebreakPrincipal caller, InputStream body) {
    JsonNode json;
    try {
      json = mapper.readTree(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.badRequest("$", "not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badRequest("$", "could not read the request body: " + e.getMessage());
    }
    AlertParser.ParsedAlert parsed = AlertParser.parse(json);
    String alertId = "alert-" + UUID.randomUUID();
    Instant received = clock.instant();
    alerts.insert(alertId, received, parsed, json.toString());
    // Recorded once stored, before routing: the receipt stands even if opening an incident fails.
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("type", parsed.type());
    summary.put("severity", parsed.severity());
    summary.put("source", parsed.source());
    summary.put("host", parsed.host());
    summary.put("tokenId", caller.tokenId());
    audit.append(new AuditEvent(caller.name(), AuditActions.ALERT_RECEIVED, alertId, parsed.partition(), summary));
    AlertRef ref = new AlertRef(alertId, parsed.type(), parsed.severity(), parsed.source(),
        parsed.host(), parsed.partition(), received.toEpochMilli(), parsed.partnerTenantId(),
        parsed.customerTenantIds());
    List<Map<String, Object>> opened = new ArrayList<>();
    List<String> incidentIds = new ArrayList<>();
    for (Playbook playbook : playbooks.matching(ref)) {
      IncidentService.Started started = incidents.startForAlert(playbook, ref);
      incidentIds.add(started.incidentId());
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("incidentId", started.incidentId());
      entry.put("playbook", started.playbook());
      entry.put("joined", started.joined());
      opened.add(entry);
    }
    alerts.linkIncidents(alertId, received, incidentIds);
    LOG.info("Alert {} ({} {} from {}, by {}) -> {}", alertId, parsed.type(), parsed.severity(),
        parsed.source(), caller.name(), opened.isEmpty() ? "no matching playbook" : incidentIds);
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("alertId", alertId);
    response.put("incidents", opened);
    return Response.accepted(response).build();
  }
}
