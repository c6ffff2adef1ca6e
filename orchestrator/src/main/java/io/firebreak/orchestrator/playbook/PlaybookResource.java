package io.firebreak.orchestrator.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.auth.Auth;
import io.firebreak.orchestrator.api.ApiException;
import io.firebreak.orchestrator.auth.FirebreakPrincipal;
import io.firebreak.orchestrator.auth.Roles;
import io.firebreak.orchestrator.incident.IncidentService;
import io.firebreak.orchestrator.incident.PlanBuilder;
import io.firebreak.orchestrator.incident.TargetSpec;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The loaded playbooks, and responders launching one on targets they name. */
@Path("/api/v1/playbooks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.RESPONDER, Roles.APPROVER, Roles.ADMIN})
public final class PlaybookResource {
  private static final Set<String> RUN_FIELDS =
      Set.of("hosts", "partitions", "selector", "exclude", "justification", "ticket", "dryRun");

  private final PlaybookCatalog playbooks;
  private final IncidentService incidents;
  private final PlanBuilder plans;

  public PlaybookResource(PlaybookCatalog playbooks, IncidentService incidents, PlanBuilder plans) {
    this.playbooks = playbooks;
    this.incidents = incidents;
    this.plans = plans;
  }

  /**
   * What a run would do, without acting: the same body as a run; returns the plan (targets per
   * partition, waves, steps, inverses, irreversible steps, whether approval is needed) and its
   * digest.
   */
  @POST
  @Path("/{name}/plan")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.RESPONDER, Roles.APPROVER, Roles.ADMIN})
  public Map<String, Object> plan(@PathParam("name") String name, JsonNode body) {
    Playbook playbook = find(name);
    return plans.plan(playbook, targets(playbook, body == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : body, false));
  }

  @GET
  public List<Playbook> list() {
    return playbooks.all();
  }

  @GET
  @Path("/{name}")
  public Playbook get(@PathParam("name") String name) {
    return find(name);
  }

  /**
   * Runs a playbook on the targets in the body: {@code {"hosts": [...], "partitions": [...],
   * "selector": "role=web", "exclude": [...], "justification": "..."}}; targets omitted from the
   * body come from the playbook's own fixed targets.
   */
  @POST
  @Path("/{name}/runs")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
  public Response run(@Auth FirebreakPrincipal caller, @PathParam("name") String name, JsonNode body) {
    Playbook playbook = find(name);
    boolean dryRun = body != null && body.path("dryRun").asBoolean(false);
    TargetSpec targets = targets(playbook, body, !dryRun);
    Map<String, Object> plan = plans.plan(playbook, targets);
    @SuppressWarnings("unchecked")
    Map<String, Object> partitions = (Map<String, Object>) ((Map<String, Object>) plan.get("targets")).get("partitions");
    if (!caller.covers(partitions.keySet())) {
      throw ApiException.forbidden("the targets reach partitions " + partitions.keySet()
          + " outside your scope " + caller.partitions());
    }
    if (dryRun) {
      return Response.ok(plan).build();
    }
    IncidentService.Started started = incidents.startRun(playbook, targets, caller.name(), text(body, "justification"),
        text(body, "ticket"));
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("incidentId", started.incidentId());
    response.put("playbook", started.playbook());
    return Response.accepted(response).build();
  }

  /** The targets named in a run or plan request (the playbook's fixed targets when none are). */
  private static TargetSpec targets(Playbook playbook, JsonNode body, boolean needJustification) {
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("$", "the request must be a JSON object");
    }
    for (Iterator<String> fields = body.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!RUN_FIELDS.contains(field)) {
        throw ApiException.badRequest(field, "unknown field (known: " + RUN_FIELDS.stream().sorted().toList() + ")");
      }
    }
    String justification = text(body, "justification");
    if (justification == null && needJustification) {
      throw ApiException.badRequest("justification", "is required: say why you run this playbook");
    }
    String selector = text(body, "selector");
    if (selector != null) {
      try {
        LabelSelector.parse(selector);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("selector", e.getMessage());
      }
    }
    TargetSpec fixed = playbook.targets().bind(null);
    List<String> hosts = strings(body, "hosts");
    List<String> partitions = strings(body, "partitions");
    boolean named = hosts != null || partitions != null || selector != null;
    TargetSpec targets = named
        ? new TargetSpec(hosts, partitions, selector, strings(body, "exclude"))
        : fixed;
    if (targets.hosts().isEmpty() && !targets.selectsFromRegistry()) {
      throw ApiException.badRequest("hosts", "no targets: name hosts, partitions or a selector");
    }
    return targets;
  }

  private Playbook find(String name) {
    return playbooks.get(name).orElseThrow(() -> ApiException.notFound("no playbook named '" + name + "'"));
  }

  private static String text(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      throw ApiException.badRequest(field, "must be a non-empty string");
    }
    return node.asText();
  }

  private static List<String> strings(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isArray()) {
      throw ApiException.badRequest(field, "must be an array of strings");
    }
    List<String> values = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      if (!node.get(i).isTextual() || node.get(i).asText().isBlank()) {
        throw ApiException.badRequest(field + "[" + i + "]", "must be a non-empty string");
      }
      values.add(node.get(i).asText());
    }
    return values;
  }
}
