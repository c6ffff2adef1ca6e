package io.firebreak.orchestrator.registry;

import io.firebreak.orchestrator.api.ApiException;
import io.firebreak.orchestrator.auth.Roles;
import io.firebreak.orchestrator.playbook.LabelSelector;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** {@code GET /api/v1/agents[?partition=P&selector=role=web]}: the agent registry. */
@Path("/api/v1/agents")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.RESPONDER, Roles.APPROVER, Roles.ADMIN})
public final class AgentResource {
  private final AgentDao agents;

  public AgentResource(AgentDao agents) {
    this.agents = agents;
  }

  @GET
  public List<AgentRecord> list(@QueryParam("partition") List<String> partitions,
      @QueryParam("selector") String selectorText) {
    LabelSelector selector;
    try {
      selector = selectorText == null || selectorText.isBlank() ? null : LabelSelector.parse(selectorText);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("selector", e.getMessage());
    }
    return agents.list(partitions).stream()
        .filter(agent -> selector == null || selector.matches(agent.labels()))
        .toList();
  }
}
