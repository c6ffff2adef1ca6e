package io.firebreak.orchestrator.incident;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.auth.Auth;
import io.firebreak.orchestrator.access.GrantDao;
import io.firebreak.orchestrator.api.ApiException;
import io.firebreak.orchestrator.auth.FirebreakPrincipal;
import io.firebreak.orchestrator.auth.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Grants: what approvals (or the policy) allowed, until when; an admin revokes one and dispatch stops. */
@Path("/api/v1/grants")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public final class GrantResource {
  private final GrantDao grants;
  private final IncidentDao incidents;
  private final IncidentService service;
  private final Clock clock;
  private final Revocations events;

  /** Told about revocations (for the audit trail). */
  public interface Revocations {
    void revoked(FirebreakPrincipal caller, GrantDao.Grant grant, String reason);

    Revocations NONE = (caller, grant, reason) -> { };
  }

  public GrantResource(GrantDao grants, IncidentDao incidents, IncidentService service, Clock clock,
      Revocations events) {
    this.grants = grants;
    this.incidents = incidents;
    this.service = service;
    this.clock = clock;
    this.events = events;
  }

  @GET
  @RolesAllowed({Roles.ADMIN, Roles.APPROVER, Roles.RESPONDER})
  public List<Map<String, Object>> list(@Auth FirebreakPrincipal caller, @QueryParam("incident") String incidentId) {
    List<GrantDao.Grant> found = incidentId == null ? grants.list(200) : grants.forIncident(incidentId);
    return found.stream().filter(grant -> caller.covers(grant.partitions())).map(this::view).toList();
  }

  /** Revokes a grant: {@code {"reason": "..."}}. The incident dispatches nothing more under it. */
  @POST
  @Path("/{id}/revoke")
  @RolesAllowed(Roles.ADMIN)
  public Map<String, Object> revoke(@Auth FirebreakPrincipal caller, @PathParam("id") String id, JsonNode body) {
    JsonNode reason = body == null ? null : body.get("reason");
    if (reason == null || !reason.isTextual() || reason.asText().isBlank()) {
      throw ApiException.badRequest("reason", "is required: say why you revoke the grant");
    }
    GrantDao.Grant grant = grants.find(id).orElseThrow(() -> ApiException.notFound("no grant " + id));
    if (!grants.revoke(id, caller.name(), reason.asText(), clock.instant())) {
      throw ApiException.conflict("grant " + id + " is already revoked");
    }
    events.revoked(caller, grant, reason.asText());
    boolean running = incidents.find(grant.incidentId())
        .map(incident -> service.grantRevoked(incident, new GrantRevocation(id, caller.name(), reason.asText())))
        .orElse(false);
    Map<String, Object> view = view(grants.find(id).orElseThrow());
    view.put("incidentNotified", running);
    return view;
  }

  private Map<String, Object> view(GrantDao.Grant grant) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("grantId", grant.grantId());
    view.put("incidentId", grant.incidentId());
    view.put("approvalId", grant.approvalId());
    view.put("partitions", List.copyOf(grant.partitions()));
    view.put("actions", List.copyOf(grant.actions()));
    view.put("hostCount", grant.hostCount());
    view.put("mintedBy", grant.mintedBy());
    view.put("createdAt", grant.createdAt().toString());
    view.put("notAfter", grant.notAfter().toString());
    view.put("active", grant.revokedAt() == null && clock.instant().isBefore(grant.notAfter()));
    view.put("revokedAt", grant.revokedAt() == null ? null : grant.revokedAt().toString());
    view.put("revokedBy", grant.revokedBy());
    view.put("revokeReason", grant.revokeReason());
    return view;
  }
}
