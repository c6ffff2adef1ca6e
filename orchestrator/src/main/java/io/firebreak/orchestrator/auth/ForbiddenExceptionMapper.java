package io.firebreak.orchestrator.auth;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Says why a request was refused (403) and what would be allowed: {@code {"error", "requiredRoles",
 * "role", "name"}}, from the endpoint's {@link RolesAllowed}. It only explains: the decision stays
 * with Jersey's roles filter and the authorizer.
 */
public final class ForbiddenExceptionMapper implements ExceptionMapper<ForbiddenException> {
  @Context private ResourceInfo resource;
  @Context private SecurityContext security;
  @Context private Request request;
  @Context private UriInfo uri;

  @Override
  public Response toResponse(ForbiddenException exception) {
    List<String> required = requiredRoles();
    String endpoint = request.getMethod() + " /" + uri.getPath();
    Map<String, Object> body = new LinkedHashMap<>();
    if (security.getUserPrincipal() instanceof FirebreakPrincipal caller && !required.isEmpty()) {
      body.put("error", endpoint + " needs the role " + String.join(" or ", required) + "; the token of '"
          + caller.name() + "' has the role " + caller.role());
      body.put("requiredRoles", required);
      body.put("role", caller.role());
      body.put("name", caller.name());
    } else {
      body.put("error", endpoint + " is forbidden for this token");
    }
    return Response.status(Response.Status.FORBIDDEN).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }

  private List<String> requiredRoles() {
    Method method = resource.getResourceMethod();
    if (method == null) {
      return List.of();
    }
    RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
    if (roles == null) {
      roles = resource.getResourceClass().getAnnotation(RolesAllowed.class);
    }
    return roles == null ? List.of() : List.of(roles.value());
  }
}
