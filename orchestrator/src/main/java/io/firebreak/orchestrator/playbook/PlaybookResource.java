package io.firebreak.orchestrator.playbook;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.auth.Auth;
import io.firebreak.orchestrator.api.ApiException;
import io.firebreak.orchestrator.auth.FirebreakPrincipal;
import io.firebreak.orchestrator.auth.Roles;
import io.firebreak.orchestrator.incident.IncidentService;
import io.firebreak.orchestrator.incident.PlanBuilder;
import io.firebreak.orchestrator.gdap.TenantIds;
import io.firebreak.orchestrator.incident.TargetSpec;
import io.firebreak.orchestrator.incident.TenantSpec;
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

/**
 * The loaded playbooks (with a warning for each step this orchestrator cannot run as configured),
 * and responders launching one on targets they name: hosts for steps that run on hosts, Microsoft
 * customer tenants for steps that run in the orchestrator ({@code revoke-gdap}).
 */
@Path("/api/v1/playbooks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.RESPONDER, Roles.APPROVER, Roles.ADMIN})
public final class PlaybookResource {
  private static final Set<String> RUN_FIELDS = Set.of("hosts", "partitions", "selector", "exclude",
      "customers", "allCustomers", "justification", "ticket", "dryRun");
  private static final com.fasterxml.jackson.databind.ObjectMapper VIEWS =
      io.dropwizard.jackson.Jackson.newObjectMapper();

  private final PlaybookCatalog playbooks;
  private final IncidentService incidents;
  private final PlanBuilder plans;
  private final Map<String, String> actionWarnings;

  public PlaybookResource(PlaybookCatalog playbooks, IncidentService incidents, PlanBuilder plans) {
    this(playbooks, incidents, plans, Map.of());
  }

  /**
   * @param actionWarnings action → why this orchestrator cannot run it as configured (e.g.
   *     revoke-gdap without a gdap block); shown on every playbook that uses the action
   */
  public PlaybookResource(PlaybookCatalog playbooks, IncidentService incidents, PlanBuilder plans,
      Map<String, String> actionWarnings) {
    this.playbooks = playbooks;
    this.incidents = incidents;
    this.plans = plans;
    this.actionWarnings = Map.copyOf(actionWarnings);
  }

  /** The warnings of {@code playbook}: one per action it uses that cannot run here, in step order. */
  public static List<String> warnings(Playbook playbook, Map<String, String> actionWarnings) {
    return playbook.steps().stream().map(PlaybookStep::action).distinct()
        .filter(actionWarnings::containsKey)
        .map(action -> actionWarnings.get(action))
        .toList();
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
    RunTargets targets = targets(playbook,
        body == null ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode() : body, false);
    return plans.plan(playbook, targets.hosts(), targets.tenants());
  }

  /** Every playbook as loaded, each with {@code warnings} (empty when it can run as configured). */
  @GET
  public List<Map<String, Object>> list() {
    return playbooks.all().stream().map(this::view).toList();
  }

  @GET
  @Path("/{name}")
  public Map<String, Object> get(@PathParam("name") String name) {
    return view(find(name));
  }

  private Map<String, Object> view(Playbook playbook) {
    Map<String, Object> view = VIEWS.convertValue(playbook,
        new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {});
    view.put("warnings", warnings(playbook, actionWarnings));
    return view;
  }

  /**
   * Runs a playbook on the targets in the body: {@code {"hosts": [...], "partitions": [...],
   * "selector": "role=web", "exclude": [...], "justification": "..."}}, and for a playbook with
   * orchestrator-side steps {@code "customers": ["<tenant id>", ...]} or {@code "allCustomers":
   * true}; targets omitted from the body come from the playbook's own fixed targets.
   */
  @POST
  @Path("/{name}/runs")
  @Consumes(MediaType.APPLICATION_JSON)
  @RolesAllowed({Roles.RESPONDER, Roles.ADMIN})
  public Response run(@Auth FirebreakPrincipal caller, @PathParam("name") String name, JsonNode body) {
    Playbook playbook = find(name);
    boolean dryRun = body != null && body.path("dryRun").asBoolean(false);
    RunTargets targets = targets(playbook, body, !dryRun);
    Map<String, Object> plan = plans.plan(playbook, targets.hosts(), targets.tenants());
    @SuppressWarnings("unchecked")
    List<String> touched = (List<String>) plan.get("partitions");
    if (!caller.covers(touched)) {
      throw ApiException.forbidden("the targets reach partitions " + touched + " outside your scope "
          + caller.partitions());
    }
    if (dryRun) {
      return Response.ok(plan).build();
    }
    IncidentService.Started started = incidents.startRun(playbook, targets.hosts(), targets.tenants(),
        caller.name(), text(body, "justification"), text(body, "ticket"));
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("incidentId", started.incidentId());
    response.put("playbook", started.playbook());
    return Response.accepted(response).build();
  }

  /** The hosts and the tenants of a run (either may be null when the playbook has no such step). */
  private record RunTargets(TargetSpec hosts, TenantSpec tenants) {}

  /** The targets named in a run or plan request (the playbook's fixed targets when none are). */
  private static RunTargets targets(Playbook playbook, JsonNode body, boolean needJustification) {
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
    if (!playbook.hasHostSteps() && named) {
      throw ApiException.badRequest(hosts != null ? "hosts" : partitions != null ? "partitions" : "selector",
          "playbook '" + playbook.name() + "' has no step that runs on hosts: name customers or allCustomers");
    }
    if (playbook.hasHostSteps() && targets.hosts().isEmpty() && !targets.selectsFromRegistry()) {
      throw ApiException.badRequest("hosts", "no targets: name hosts, partitions or a selector");
    }
    return new RunTargets(targets, tenants(playbook, body));
  }

  /** The tenant targets of a run: the body's, else the playbook's own (its alert references bind to nothing). */
  private static TenantSpec tenants(Playbook playbook, JsonNode body) {
    List<String> customers = strings(body, "customers");
    JsonNode all = body.get("allCustomers");
    if (all != null && !all.isNull() && !all.isBoolean()) {
      throw ApiException.badRequest("allCustomers", "must be true or false");
    }
    boolean allCustomers = all != null && all.asBoolean(false);
    if (!playbook.hasOrchestratorSteps()) {
      if (customers != null || allCustomers) {
        throw ApiException.badRequest(customers != null ? "customers" : "allCustomers", "playbook '" + playbook.name()
            + "' has no step that acts on tenants");
      }
      return null;
    }
    if (allCustomers && customers != null) {
      throw ApiException.badRequest("allCustomers", "give either customers or allCustomers, not both");
    }
    TenantSpec tenants;
    if (allCustomers) {
      tenants = TenantSpec.all(null);
    } else if (customers != null) {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < customers.size(); i++) {
        if (!TenantIds.isTenantId(customers.get(i))) {
          throw ApiException.badRequest("customers[" + i + "]", "'" + customers.get(i)
              + "' is not a tenant id (a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47)");
        }
        String id = TenantIds.canonical(customers.get(i));
        if (!ids.contains(id)) {
          ids.add(id);
        }
      }
      tenants = TenantSpec.customers(ids, null);
    } else {
      tenants = playbook.tenants().bind(null);
    }
    if (tenants.selectsNothing()) {
      throw ApiException.badRequest("customers",
          "no tenant targets: name customers (tenant ids) or set allCustomers to true");
    }
    return tenants;
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
