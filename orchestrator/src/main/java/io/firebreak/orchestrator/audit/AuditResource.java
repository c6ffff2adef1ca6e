package io.firebreak.orchestrator.audit;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.auth.Auth;
import io.firebreak.orchestrator.api.ApiException;
import io.firebreak.orchestrator.auth.FirebreakPrincipal;
import io.firebreak.orchestrator.auth.Roles;
import io.firebreak.orchestrator.storage.Json;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * The audit trail over REST.
 *
 * <p>{@code GET /api/v1/audit?afterSeq=&limit=&incident=&actor=&action=} (admin, responder,
 * approver): rows in ascending seq order after {@code afterSeq} (default 0), at most {@code limit}
 * (default 100, at most 1,000), optionally only those whose subject is the incident id {@code
 * incident}, by {@code actor}, or of {@code action}. The response carries {@code nextAfterSeq}:
 * pass it as {@code afterSeq} for the next page; an empty page means the end (for now: the log
 * grows).
 *
 * <p>{@code GET /api/v1/audit/verify} (admin, approver): walks the whole chain, see {@link
 * AuditVerifier}; one verification runs at a time, a second concurrent request gets 409.
 */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public final class AuditResource {
  private static final int DEFAULT_LIMIT = 100;

  private final AuditLog log;
  private final AuditVerifier verifier;
  private final Semaphore verifying = new Semaphore(1);

  public AuditResource(AuditLog log, AuditVerifier verifier) {
    this.log = log;
    this.verifier = verifier;
  }

  /** One page of rows in ascending seq order. */
  @GET
  @RolesAllowed({Roles.ADMIN, Roles.RESPONDER, Roles.APPROVER})
  public Map<String, Object> list(@Auth FirebreakPrincipal caller, @QueryParam("afterSeq") String afterSeq,
      @QueryParam("limit") String limit, @QueryParam("incident") String incident,
      @QueryParam("actor") String actor, @QueryParam("action") String action) {
    long after = number("afterSeq", afterSeq, 0, 0, Long.MAX_VALUE);
    int pageSize = (int) number("limit", limit, DEFAULT_LIMIT, 1, AuditQuery.MAX_LIMIT);
    List<AuditRecord> rows = log.list(new AuditQuery(after, pageSize, blankToNull(incident), blankToNull(actor),
        blankToNull(action)));
    Map<String, Object> body = new LinkedHashMap<>();
    // Data scope: an event about a partition is shown only to callers whose partitions cover it.
    body.put("events", rows.stream()
        .filter(row -> row.partition() == null || caller.covers(List.of(row.partition())))
        .map(AuditResource::view).toList());
    body.put("nextAfterSeq", rows.isEmpty() ? after : rows.get(rows.size() - 1).seq());
    body.put("headSeq", log.head().seq());
    return body;
  }

  /** Verifies the whole chain and its checkpoints. */
  @GET
  @Path("verify")
  @RolesAllowed({Roles.ADMIN, Roles.APPROVER})
  public AuditVerification verify(@Auth FirebreakPrincipal caller) {
    if (!verifying.tryAcquire()) {
      throw ApiException.conflict("a verification of the audit log is already running; try again when it has finished");
    }
    try {
      return verifier.verify();
    } finally {
      verifying.release();
    }
  }

  private static Map<String, Object> view(AuditRecord row) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("seq", row.seq());
    view.put("at", row.at().toString());
    view.put("actor", row.actor());
    view.put("action", row.action());
    view.put("subject", row.subject());
    view.put("partition", row.partition());
    view.put("details", Json.read(row.details(), JsonNode.class));
    view.put("prevHash", row.prevHash());
    view.put("hash", row.hash());
    return view;
  }

  private static long number(String field, String text, long fallback, long min, long max) {
    if (text == null || text.isBlank()) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(field, "'" + text + "' is not a whole number");
    }
    if (value < min || value > max) {
      throw ApiException.badRequest(field, "must be between " + min + " and " + max);
    }
    return value;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
