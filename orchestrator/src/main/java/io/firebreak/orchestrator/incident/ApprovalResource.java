package io.firebreak.orchestrator.incident;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.auth.Auth;
import io.firebreak.orchestrator.access.ApprovalDao;
import io.firebreak.orchestrator.api.ApiException;
import io.firebreak.orchestrator.auth.FirebreakPrincipal;
import io.firebreak.orchestrator.auth.Roles;
import io.temporal.client.WorkflowUpdateException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
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
import java.util.Map;
import java.util.Set;

/**
 * Approval requests: list, review (the plan and its digest), approve, deny. Every read and decision
 * is limited to requests whose partitions are all in the caller's scope; a request outside it is
 * 403 and audited. Decisions go to the incident workflow as a validated Update, which refuses
 * self-approval, a second approval by the same person, a stale plan digest, an expired request and
 * a tier not yet reached, with the reason.
 */
@Path("/api/v1/approvals")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.APPROVER, Roles.RESPONDER, Roles.ADMIN})
public final class ApprovalResource {
  private final ApprovalDao approvals;
  private final IncidentDao incidents;
  private final IncidentService service;
  private final Denials denials;

  /** Told about refused access (for the audit trail). */
  public interface Denials {
    void denied(FirebreakPrincipal caller, String action, String subject, String why);

    Denials NONE = (caller, action, subject, why) -> { };
  }

  public ApprovalResource(ApprovalDao approvals, IncidentDao incidents, IncidentService service, Denials denials) {
    this.approvals = approvals;
    this.incidents = incidents;
    this.service = service;
    this.denials = denials;
  }

  @GET
  public List<Map<String, Object>> list(@Auth FirebreakPrincipal caller,
      @QueryParam("state") @DefaultValue("pending") String state,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    if (!Set.of("pending", "decided", "all", "approved", "denied", "expired").contains(state)) {
      throw ApiException.badRequest("state", "must be pending, decided, approved, denied, expired or all");
    }
    if (limit < 1 || limit > 1000) {
      throw ApiException.badRequest("limit", "must be between 1 and 1000");
    }
    String filter = state.equals("all") || state.equals("decided") ? null : state;
    return approvals.list(filter, limit).stream()
        .filter(approval -> !state.equals("decided") || !approval.state().equals("pending"))
        .filter(approval -> caller.covers(approval.partitions().keySet()))
        .map(approval -> summary(approval, caller))
        .toList();
  }

  @GET
  @Path("/{id}")
  public Map<String, Object> get(@Auth FirebreakPrincipal caller, @PathParam("id") String id) {
    ApprovalDao.Approval approval = inScope(caller, id, "view");
    Map<String, Object> view = summary(approval, caller);
    view.put("plan", approval.plan());
    view.put("reasons", approval.reasons());
    return view;
  }

  @POST
  @Path("/{id}/approve")
  @RolesAllowed({Roles.APPROVER, Roles.ADMIN})
  public Map<String, Object> approve(@Auth FirebreakPrincipal caller, @PathParam("id") String id, JsonNode body) {
    return decide(caller, inScope(caller, id, "approve"), true, body);
  }

  @POST
  @Path("/{id}/deny")
  @RolesAllowed({Roles.APPROVER, Roles.ADMIN})
  public Map<String, Object> deny(@Auth FirebreakPrincipal caller, @PathParam("id") String id, JsonNode body) {
    return decide(caller, inScope(caller, id, "deny"), false, body);
  }

  /** The approval request of {@code incidentId}, if it has one. */
  java.util.Optional<ApprovalDao.Approval> approvalOf(String incidentId) {
    return approvals.forIncident(incidentId);
  }

  /** Approve or deny the request of {@code incidentId} (the incidents API's approve/deny). */
  Map<String, Object> decideForIncident(FirebreakPrincipal caller, String incidentId, boolean approve, JsonNode body) {
    ApprovalDao.Approval approval = approvals.forIncident(incidentId)
        .orElseThrow(() -> ApiException.conflict("incident " + incidentId + " has no approval request"));
    return decide(caller, inScope(caller, approval.approvalId(), approve ? "approve" : "deny"), approve, body);
  }

  private Map<String, Object> decide(FirebreakPrincipal caller, ApprovalDao.Approval approval, boolean approve,
      JsonNode body) {
    String reason = text(body, "reason", "say why you " + (approve ? "approve" : "deny"));
    String digest = text(body, "planDigest", "name the digest of the plan you reviewed (GET /api/v1/approvals/"
        + approval.approvalId() + ")");
    IncidentRecord incident = incidents.find(approval.incidentId())
        .orElseThrow(() -> ApiException.notFound("no incident " + approval.incidentId()));
    IncidentState next;
    try {
      next = service.workflow(incident).decide(new ApprovalDecision(approve, caller.name(), reason, digest,
          List.copyOf(caller.roles().contains(Roles.ADMIN) ? Set.of(FirebreakPrincipal.ALL_PARTITIONS)
              : caller.partitions()), caller.tier()));
    } catch (WorkflowUpdateException e) {
      String why = IncidentResource.rootMessage(e);
      denials.denied(caller, approve ? "approve" : "deny", approval.incidentId(),
          "approval " + approval.approvalId() + ": " + why);
      throw ApiException.conflict("decision refused: " + why);
    } catch (io.temporal.client.WorkflowNotFoundException e) {
      throw ApiException.conflict("incident " + approval.incidentId() + " is no longer running");
    }
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("approvalId", approval.approvalId());
    response.put("incidentId", approval.incidentId());
    response.put("decision", approve ? "approved" : "denied");
    response.put("decidedBy", caller.name());
    response.put("state", next == IncidentState.AWAITING_APPROVAL ? "pending"
        : next == IncidentState.DENIED ? "denied" : "approved");
    response.put("incidentState", next.wireName());
    return response;
  }

  private ApprovalDao.Approval inScope(FirebreakPrincipal caller, String id, String action) {
    ApprovalDao.Approval approval = approvals.find(id).orElseThrow(() -> ApiException.notFound("no approval " + id));
    if (!caller.covers(approval.partitions().keySet())) {
      String why = "approval " + id + " touches partitions " + approval.partitions().keySet()
          + " outside your scope " + caller.partitions();
      denials.denied(caller, action, approval.incidentId(), why);
      throw ApiException.forbidden(why);
    }
    return approval;
  }

  static Map<String, Object> summary(ApprovalDao.Approval approval, FirebreakPrincipal caller) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("approvalId", approval.approvalId());
    view.put("incidentId", approval.incidentId());
    view.put("playbook", approval.playbook());
    view.put("state", approval.state());
    view.put("requestedBy", approval.requestedBy());
    view.put("justification", approval.justification());
    view.put("ticket", approval.ticket());
    view.put("createdAt", approval.createdAt().toString());
    view.put("expiresAt", approval.expiresAt().toString());
    view.put("tier", approval.tier());
    view.put("tiers", approval.tiers());
    view.put("requiredApprovals", approval.required());
    view.put("approvals", approval.decisions().stream().filter(ApprovalDao.Decision::approve)
        .map(d -> Map.of("by", d.by(), "at", java.time.Instant.ofEpochMilli(d.atMs()).toString(),
            "reason", d.reason())).toList());
    view.put("partitions", approval.partitions());
    view.put("hostCount", approval.hostCount());
    view.put("irreversible", approval.irreversible());
    view.put("planDigest", approval.planDigest());
    view.put("decidedReason", approval.decidedReason());
    String whyNot = whyNot(approval, caller);
    view.put("canDecide", whyNot == null);
    view.put("whyNot", whyNot);
    return view;
  }

  private static String whyNot(ApprovalDao.Approval approval, FirebreakPrincipal caller) {
    if (!approval.state().equals("pending")) {
      return "it is " + approval.state();
    }
    if (!caller.has(Roles.APPROVER)) {
      return "you are not an approver";
    }
    if (approval.requestedBy().equals(caller.name())) {
      return "you requested it";
    }
    if (approval.decisions().stream().anyMatch(d -> d.by().equals(caller.name()))) {
      return "already approved by you";
    }
    if (!caller.covers(approval.partitions().keySet())) {
      return "outside your partitions";
    }
    if (caller.tier() > approval.tier() && !caller.roles().contains(Roles.ADMIN)) {
      return "tier " + caller.tier() + " decides once the request escalates (it is at tier " + approval.tier() + ")";
    }
    return null;
  }

  private static String text(JsonNode body, String field, String hint) {
    JsonNode value = body == null ? null : body.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw ApiException.badRequest(field, "is required: " + hint);
    }
    return value.asText();
  }
}
