package io.firebreak.orchestrator.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** Renders {@link ApiException} as a JSON error body. */
public final class ApiExceptionMapper implements ExceptionMapper<ApiException> {
  @Override
  public Response toResponse(ApiException exception) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", exception.getMessage());
    if (exception.field() != null) {
      body.put("field", exception.field());
    }
    return Response.status(exception.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
  }
}
