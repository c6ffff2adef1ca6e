package io.firebreak.orchestrator.access;

import com.fasterxml.jackson.core.type.TypeReference;
import io.firebreak.orchestrator.storage.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Approval requests as approvers see them; the workflow is the authority, this is its index. */
public final class ApprovalDao {
  private final Jdbi jdbi;

  public ApprovalDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** One decision on a request. */
  public record Decision(String by, boolean approve, String reason, long atMs) {}

  /** A stored approval request. */
  public record Approval(String approvalId, String incidentId, String playbook, String state, String requestedBy,
      String justification, String ticket, String planDigest, Map<String, Object> plan,
      Map<String, Integer> partitions, int hostCount, boolean irreversible, int required, List<String> reasons,
      int tier, int tiers, List<Decision> decisions, String decidedReason, Instant createdAt, Instant expiresAt) {}

  /** Stores a new pending request; a retry with the same id leaves the first one in place. */
  public void open(Approval approval) {
    jdbi.useHandle(handle -> {
      boolean exists = handle.createQuery("SELECT COUNT(*) FROM approvals WHERE approval_id = :id")
          .bind("id", approval.approvalId()).mapTo(Integer.class).one() > 0;
      if (exists) {
        return;
      }
      handle.createUpdate("INSERT INTO approvals (approval_id, incident_id, playbook, state, requested_by,"
              + " justification, ticket, plan_digest, plan_json, partitions, host_count, irreversible, required,"
              + " reasons, tier, tiers, decisions_json, created_at, expires_at, updated_at) VALUES (:id, :incident,"
              + " :playbook, :state, :by, :why, :ticket, :digest, :plan, :partitions, :hosts, :irreversible,"
              + " :required, :reasons, :tier, :tiers, '[]', :created, :expires, :created)")
          .bind("id", approval.approvalId())
          .bind("incident", approval.incidentId())
          .bind("playbook", approval.playbook())
          .bind("state", approval.state())
          .bind("by", approval.requestedBy())
          .bind("why", approval.justification())
          .bind("ticket", approval.ticket())
          .bind("digest", approval.planDigest())
          .bind("plan", Json.write(approval.plan()))
          .bind("partitions", Json.write(approval.partitions()))
          .bind("hosts", approval.hostCount())
          .bind("irreversible", approval.irreversible())
          .bind("required", approval.required())
          .bind("reasons", String.join("\n", approval.reasons()))
          .bind("tier", approval.tier())
          .bind("tiers", approval.tiers())
          .bind("created", approval.createdAt())
          .bind("expires", approval.expiresAt())
          .execute();
    });
  }

  /** Records the workflow's view of a request: state, current tier and decisions so far. */
  public void update(String approvalId, String state, int tier, List<Decision> decisions, String reason) {
    jdbi.useHandle(handle -> handle.createUpdate("UPDATE approvals SET state = :state, tier = :tier,"
            + " decisions_json = :decisions, decided_reason = :reason, updated_at = :now WHERE approval_id = :id")
        .bind("id", approvalId)
        .bind("state", state)
        .bind("tier", tier)
        .bind("decisions", Json.write(decisions))
        .bind("reason", reason)
        .bind("now", Instant.now())
        .execute());
  }

  public Optional<Approval> find(String approvalId) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM approvals WHERE approval_id = :id")
        .bind("id", approvalId).map((rs, ctx) -> map(rs)).findOne());
  }

  public Optional<Approval> forIncident(String incidentId) {
    return jdbi.withHandle(handle -> handle.createQuery(
            "SELECT * FROM approvals WHERE incident_id = :incident ORDER BY created_at DESC LIMIT 1")
        .bind("incident", incidentId).map((rs, ctx) -> map(rs)).findOne());
  }

  /** Newest first; {@code state} null for all. */
  public List<Approval> list(String state, int limit) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM approvals"
            + (state == null ? "" : " WHERE state = :state") + " ORDER BY created_at DESC LIMIT :limit")
        .bindMap(state == null ? Map.of("limit", limit) : Map.of("state", state, "limit", limit))
        .map((rs, ctx) -> map(rs)).list());
  }

  private static Approval map(java.sql.ResultSet rs) throws java.sql.SQLException {
    String reasons = rs.getString("reasons");
    return new Approval(rs.getString("approval_id"), rs.getString("incident_id"), rs.getString("playbook"),
        rs.getString("state"), rs.getString("requested_by"), rs.getString("justification"), rs.getString("ticket"),
        rs.getString("plan_digest"), Json.read(rs.getString("plan_json"), new TypeReference<Map<String, Object>>() {}),
        Json.read(rs.getString("partitions"), new TypeReference<Map<String, Integer>>() {}),
        rs.getInt("host_count"), rs.getBoolean("irreversible"), rs.getInt("required"),
        reasons == null || reasons.isEmpty() ? List.of() : List.of(reasons.split("\n")), rs.getInt("tier"),
        rs.getInt("tiers"), Json.read(rs.getString("decisions_json"), new TypeReference<List<Decision>>() {}),
        rs.getString("decided_reason"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("expires_at", OffsetDateTime.class).toInstant());
  }
}
