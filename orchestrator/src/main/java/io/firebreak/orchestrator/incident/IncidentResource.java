package io.firebreak.orchestrator.incident;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.auth.Auth;
import io.firebreak.orchestrator.alert.AlertDao;
import io.firebreak.orchestrator.api.ApiException;
import io.firebreak.orchestrator.auth.FirebreakPrincipal;
import io.firebreak.orchestrator.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The incident index, each incident's per-step, per-host and (for orchestrator-side steps such as
 * revoke-gdap) per-tenant outcome, and approve/deny.
 */
@Path("/api/v1/incidents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.RESPONDER, Roles.APPROVER, Roles.ADMIN})
public final class IncidentResource {
  private final IncidentDao incidents;
  private final HostResultDao results;
  private final AlertDao alerts;
  private final IncidentService service;
  private final TenantResultDao tenantResults;
  private final ApprovalResource approvals;
  private final ApprovalResource.Denials denials;

  public IncidentResource(IncidentDao incidents, HostResultDao results, TenantResultDao tenantResults,
      AlertDao alerts, IncidentService service, ApprovalResource approvals, ApprovalResource.Denials denials) {
    this.incidents = incidents;
    this.results = results;
    this.tenantResults = tenantResults;
    this.alerts = alerts;
    this.service = service;
    this.approvals = approvals;
    this.denials = denials;
  }

  @GET
  public List<Map<String, Object>> list(@Auth FirebreakPrincipal caller,
      @QueryParam("state") String state, @QueryParam("limit") @DefaultValue("100") int limit) {
    if (state != null) {
      try {
        IncidentState.valueOf(state.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("state", "unknown state '" + state + "'");
      }
    }
    if (limit < 1 || limit > 1000) {
      throw ApiException.badRequest("limit", "must be between 1 and 1000");
    }
    return incidents.list(state == null ? null : state.toLowerCase(Locale.ROOT), limit).stream()
        .filter(incident -> readable(caller, incidents.partitions(incident.incidentId())))
        .map(IncidentViews::summary)
        .toList();
  }

  @GET
  @Path("/{id}")
  public Map<String, Object> get(@Auth FirebreakPrincipal caller,
      @PathParam("id") String id, @QueryParam("hostLimit") @DefaultValue("10000") int hostLimit) {
    IncidentRecord incident = find(caller, id, "view");
    Map<String, Object> view = IncidentViews.summary(incident);
    view.put("alerts", alerts.alertsOf(id));
    IncidentStatus status = incident.status();
    view.put("steps", status == null ? List.of() : status.steps());
    view.put("unknownHosts", status == null ? List.of() : status.unknownHosts());
    approvals.approvalOf(id).ifPresent(approval -> {
      view.put("planDigest", approval.planDigest());
      view.put("approval", ApprovalResource.summary(approval, caller));
    });
    if (hostLimit < 0) {
      throw ApiException.badRequest("hostLimit", "must not be negative");
    }
    Map<String, Integer> outcomes = results.outcomeCounts(id);
    int rowCount = outcomes.values().stream().mapToInt(Integer::intValue).sum();
    view.put("outcomes", outcomes);
    view.put("hosts", hostLimit == 0 ? List.of()
        : results.list(id, hostLimit).stream().map(IncidentViews::host).toList());
    view.put("hostsTruncated", rowCount > hostLimit);
    view.put("tenantTargets", incidents.request(id).map(IncidentRequest::tenants).orElse(null));
    view.put("tenantOutcomes", tenantResults.outcomeCounts(id));
    view.put("tenants", hostLimit == 0 ? List.of()
        : tenantResults.list(id, hostLimit).stream().map(IncidentViews::tenant).toList());
    return view;
  }

  @POST
  @Path("/{id}/approve")
  @RolesAllowed({Roles.APPROVER, Roles.ADMIN})
  public Map<String, Object> approve(@Auth FirebreakPrincipal caller, @PathParam("id") String id, JsonNode body) {
    find(caller, id, "approve");
    return approvals.decideForIncident(caller, id, true, body);
  }

  @POST
  @Path("/{id}/deny")
  @RolesAllowed({Roles.APPROVER, Roles.ADMIN})
  public Map<String, Object> deny(@Auth FirebreakPrincipal caller, @PathParam("id") String id, JsonNode body) {
    find(caller, id, "deny");
    return approvals.decideForIncident(caller, id, false, body);
  }

  /** Stops a running incident and rolls back what it did: {@code {"reason": "..."}}. */
  @POST
  @Path("/{id}/cancel")
  @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
  public jakarta.ws.rs.core.Response cancel(@Auth FirebreakPrincipal caller, @PathParam("id") String id, JsonNode body) {
    IncidentRecord incident = find(caller, id, "cancel");
    JsonNode reason = body == null ? null : body.get("reason");
    if (reason == null || !reason.isTextual() || reason.asText().isBlank()) {
      throw ApiException.badRequest("reason", "is required: say why you cancel");
    }
    if (IncidentState.valueOf(incident.state().toUpperCase(Locale.ROOT)).isTerminal()) {
      throw ApiException.conflict("incident " + id + " has already ended (" + incident.state() + ")");
    }
    try {
      service.workflow(incident).cancel(new CancelRequest(caller.name(), reason.asText()));
    } catch (io.temporal.client.WorkflowNotFoundException e) {
      throw ApiException.conflict("incident " + id + " is no longer running");
    }
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("incidentId", id);
    response.put("cancelledBy", caller.name());
    response.put("state", "cancelling");
    return jakarta.ws.rs.core.Response.accepted(response).build();
  }

  /**
   * Rolls back what the incident did: {@code {"reason": "..."}}. A running incident is cancelled
   * (it stops and rolls back); a completed one runs every step's inverse on the hosts it succeeded
   * on, newest first, and ends {@code rolled_back}.
   */
  @POST
  @Path("/{id}/rollback")
  @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
  public jakarta.ws.rs.core.Response rollback(@Auth FirebreakPrincipal caller, @PathParam("id") String id,
      JsonNode body) {
    IncidentRecord incident = find(caller, id, "rollback");
    JsonNode reason = body == null ? null : body.get("reason");
    if (reason == null || !reason.isTextual() || reason.asText().isBlank()) {
      throw ApiException.badRequest("reason", "is required: say why you roll back");
    }
    String state;
    try {
      state = service.rollback(incident, caller.name(), reason.asText());
    } catch (IllegalStateException e) {
      throw ApiException.conflict(e.getMessage());
    } catch (io.temporal.client.WorkflowNotFoundException e) {
      throw ApiException.conflict("incident " + id + " is no longer running");
    }
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("incidentId", id);
    response.put("requestedBy", caller.name());
    response.put("state", state);
    return jakarta.ws.rs.core.Response.accepted(response).build();
  }

  /** The incident, if the caller's partitions cover it (403, audited, when not). */
  private IncidentRecord find(FirebreakPrincipal caller, String id, String action) {
    IncidentRecord incident = find(id);
    java.util.Optional<List<String>> partitions = incidents.partitions(id);
    if (!readable(caller, partitions)) {
      String why = partitions
          .map(touched -> "incident " + id + " touches partitions " + touched + " outside your scope "
              + caller.partitions())
          .orElse("incident " + id + " has no resolved plan yet; only callers who see every partition may read it");
      denials.denied(caller, action, id, why);
      throw ApiException.forbidden(why);
    }
    return incident;
  }

  /**
   * Whether the caller's partitions cover the incident's. Fails closed: while the plan is not
   * resolved (the partitions are not known yet), only callers who see every partition may read it.
   */
  private static boolean readable(FirebreakPrincipal caller, java.util.Optional<List<String>> partitions) {
    return partitions.map(caller::covers).orElseGet(caller::coversEverything);
  }

  private IncidentRecord find(String id) {
    return incidents.find(id).orElseThrow(() -> ApiException.notFound("no incident " + id));
  }

  static String rootMessage(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    // ApplicationFailure messages carry "message='…', type='…'"; keep the human part.
    int start = message == null ? -1 : message.indexOf("message='");
    if (start >= 0) {
      int end = message.indexOf("', type=", start);
      return message.substring(start + 9, end > 0 ? end : message.length());
    }
    return message;
  }
}
