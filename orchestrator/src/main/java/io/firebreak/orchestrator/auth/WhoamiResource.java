package io.firebreak.orchestrator.auth;

import io.dropwizard.auth.Auth;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/whoami}: who the server takes the caller's token for, {@code {"name",
 * "roles", "tokenId"}}. Any valid token may ask (the CLI's {@code login} and {@code whoami}).
 */
@Path("/api/v1/whoami")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.ADMIN, Roles.RESPONDER, Roles.APPROVER, Roles.TRIGGER})
public final class WhoamiResource {
  @GET
  public Map<String, Object> whoami(@Auth FirebreakPrincipal caller) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("name", caller.name());
    view.put("roles", List.of(caller.role()));
    view.put("tokenId", caller.tokenId());
    return view;
  }
}
