package io.firebreak.orchestrator.access;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * Grants: time-bound scopes minted by an approval (or by the policy for autonomous incidents).
 * Commands carry the grant id; the gateway dispatches nothing outside its scope or after it ended.
 */
public final class GrantDao {
  private final Jdbi jdbi;

  public GrantDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * A stored grant.
   *
   * @param approvalId the approval that minted it, or null when the policy made the incident autonomous
   * @param actions the actions it allows, inverses included (so a rollback stays in scope)
   */
  public record Grant(String grantId, String incidentId, String approvalId, Set<String> partitions,
      Set<String> actions, int hostCount, String mintedBy, Instant createdAt, Instant notAfter, Instant revokedAt,
      String revokedBy, String revokeReason) {

    /** Why a command of {@code action} on {@code partition} may not go out under this grant, or null. */
    public String refusal(String partition, String action, Instant now, boolean rollback) {
      if (revokedAt != null) {
        return "grant " + grantId + " was revoked by " + revokedBy + ": " + revokeReason;
      }
      if (!rollback && !now.isBefore(notAfter)) {
        return "grant " + grantId + " ended at " + notAfter;
      }
      if (!partitions.contains(partition)) {
        return "grant " + grantId + " does not cover partition " + partition;
      }
      if (!actions.contains(action)) {
        return "grant " + grantId + " does not cover action " + action;
      }
      return null;
    }
  }

  /** Stores a grant; minting again for the same id returns the first one (activity retries). */
  public Grant mint(Grant grant) {
    return jdbi.inTransaction(handle -> {
      Optional<Grant> existing = find(handle, grant.grantId());
      if (existing.isPresent()) {
        return existing.get();
      }
      handle.createUpdate("INSERT INTO grants (grant_id, incident_id, approval_id, partitions, actions, host_count,"
              + " minted_by, created_at, not_after) VALUES (:id, :incident, :approval, :partitions, :actions,"
              + " :hosts, :by, :created, :notAfter)")
          .bind("id", grant.grantId())
          .bind("incident", grant.incidentId())
          .bind("approval", grant.approvalId())
          .bind("partitions", String.join(",", grant.partitions()))
          .bind("actions", String.join(",", grant.actions()))
          .bind("hosts", grant.hostCount())
          .bind("by", grant.mintedBy())
          .bind("created", grant.createdAt())
          .bind("notAfter", grant.notAfter())
          .execute();
      return grant;
    });
  }

  public Optional<Grant> find(String grantId) {
    return jdbi.withHandle(handle -> find(handle, grantId));
  }

  private static Optional<Grant> find(org.jdbi.v3.core.Handle handle, String grantId) {
    return handle.createQuery("SELECT * FROM grants WHERE grant_id = :id").bind("id", grantId)
        .map((rs, ctx) -> map(rs)).findOne();
  }

  public List<Grant> forIncident(String incidentId) {
    return jdbi.withHandle(handle -> handle.createQuery(
            "SELECT * FROM grants WHERE incident_id = :incident ORDER BY created_at")
        .bind("incident", incidentId).map((rs, ctx) -> map(rs)).list());
  }

  /** Newest first. */
  public List<Grant> list(int limit) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM grants ORDER BY created_at DESC LIMIT :limit")
        .bind("limit", limit).map((rs, ctx) -> map(rs)).list());
  }

  /** Revokes a live grant; false when unknown or already revoked. */
  public boolean revoke(String grantId, String by, String reason, Instant now) {
    return jdbi.withHandle(handle -> handle.createUpdate("UPDATE grants SET revoked_at = :now, revoked_by = :by,"
            + " revoke_reason = :reason WHERE grant_id = :id AND revoked_at IS NULL")
        .bind("id", grantId).bind("by", by).bind("reason", reason).bind("now", now).execute()) > 0;
  }

  private static Grant map(java.sql.ResultSet rs) throws java.sql.SQLException {
    OffsetDateTime revoked = rs.getObject("revoked_at", OffsetDateTime.class);
    return new Grant(rs.getString("grant_id"), rs.getString("incident_id"), rs.getString("approval_id"),
        split(rs.getString("partitions")), split(rs.getString("actions")), rs.getInt("host_count"),
        rs.getString("minted_by"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("not_after", OffsetDateTime.class).toInstant(), revoked == null ? null : revoked.toInstant(),
        rs.getString("revoked_by"), rs.getString("revoke_reason"));
  }

  private static Set<String> split(String csv) {
    return csv == null || csv.isEmpty() ? Set.of() : new LinkedHashSet<>(Arrays.asList(csv.split(",")));
  }
}
