package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gdap.GdapRevocationResult;
import io.firebreak.orchestrator.gdap.RelationshipOutcome;
import io.firebreak.orchestrator.storage.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Results of orchestrator-side steps on Microsoft tenants: one row per delegated admin
 * relationship (or per named customer that has none), keyed by (incident, step, customer,
 * relationship). Recording is an upsert, so a retried activity overwrites its own rows. The
 * evidence holds ids, statuses and timestamps only, never a secret or a token. Thread-safe.
 */
public final class TenantResultDao {
  private final Jdbi jdbi;

  public TenantResultDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * A stored result row.
   *
   * @param relationshipId null for a customer without a relationship (or whose listing failed)
   * @param outcome lower-case {@link RelationshipOutcome.Outcome}, e.g. {@code terminated}
   */
  public record Row(String step, String customerTenantId, String relationshipId, String partnerTenantId,
      String action, String outcome, boolean succeeded, String detail, Map<String, Object> evidence,
      Instant startedAt, Instant finishedAt) {}

  /** Stores every outcome of {@code results}. */
  public void record(TenantResults results) {
    GdapRevocationResult result = results.result();
    if (result.outcomes().isEmpty()) {
      return;
    }
    jdbi.useTransaction(handle -> {
      PreparedBatch batch = handle.prepareBatch("MERGE INTO tenant_results (incident_id, step, customer_tenant_id,"
          + " relationship_id, partner_tenant_id, action, outcome, succeeded, detail, evidence, started_at,"
          + " finished_at) KEY (incident_id, step, customer_tenant_id, relationship_id) VALUES (:incident, :step,"
          + " :customer, :relationship, :partner, :action, :outcome, :succeeded, :detail, :evidence, :started,"
          + " :finished)");
      for (RelationshipOutcome outcome : result.outcomes()) {
        batch.bind("incident", results.incidentId())
            .bind("step", results.step())
            .bind("customer", outcome.customerTenantId())
            .bind("relationship", outcome.relationshipId() == null ? "" : outcome.relationshipId())
            .bind("partner", result.partnerTenantId())
            .bind("action", results.action())
            .bind("outcome", outcome.outcome().name().toLowerCase(Locale.ROOT))
            .bind("succeeded", outcome.succeeded())
            .bind("detail", truncate(outcome.reason()))
            .bind("evidence", Json.write(evidence(results, outcome)))
            .bind("started", instant(outcome.startedAt()))
            .bind("finished", instant(outcome.finishedAt()))
            .add();
      }
      batch.execute();
    });
  }

  /** Results of an incident, by step, customer and relationship, at most {@code limit} rows. */
  public List<Row> list(String incidentId, int limit) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM tenant_results WHERE incident_id = :incident"
            + " ORDER BY step, customer_tenant_id, relationship_id LIMIT :limit")
        .bind("incident", incidentId)
        .bind("limit", limit)
        .map(TenantResultDao::map)
        .list());
  }

  /** Outcome counts of an incident's tenant results, keyed "step.outcome". */
  public Map<String, Integer> outcomeCounts(String incidentId) {
    Map<String, Integer> counts = new java.util.TreeMap<>();
    jdbi.useHandle(handle -> handle.createQuery("SELECT step, outcome, COUNT(*) AS n FROM tenant_results"
            + " WHERE incident_id = :incident GROUP BY step, outcome")
        .bind("incident", incidentId)
        .map((rs, ctx) -> counts.put(rs.getString("step") + "." + rs.getString("outcome"), rs.getInt("n")))
        .list());
    return counts;
  }

  /**
   * What a responder or auditor needs to verify the outcome in Graph (ids, statuses, the request)
   * and under which grant it was done.
   */
  private static Map<String, Object> evidence(TenantResults results, RelationshipOutcome outcome) {
    GdapRevocationResult result = results.result();
    Map<String, Object> evidence = new LinkedHashMap<>();
    evidence.put("grantId", results.grantId());
    evidence.put("partnerTenantId", result.partnerTenantId());
    evidence.put("customerTenantId", outcome.customerTenantId());
    evidence.put("relationshipId", outcome.relationshipId());
    evidence.put("displayName", outcome.displayName());
    evidence.put("initialStatus", outcome.initialStatus());
    evidence.put("finalStatus", outcome.finalStatus());
    evidence.put("terminationRequestId", outcome.terminationRequestId());
    evidence.put("deletedAccessAssignmentIds", outcome.deletedAccessAssignmentIds());
    return evidence;
  }

  private static Row map(ResultSet rs, StatementContext context) throws SQLException {
    String relationship = rs.getString("relationship_id");
    String evidence = rs.getString("evidence");
    @SuppressWarnings("unchecked")
    Map<String, Object> parsed = evidence == null ? Map.of() : Json.read(evidence, Map.class);
    return new Row(rs.getString("step"), rs.getString("customer_tenant_id"),
        relationship.isEmpty() ? null : relationship, rs.getString("partner_tenant_id"), rs.getString("action"),
        rs.getString("outcome"), rs.getBoolean("succeeded"), rs.getString("detail"), parsed,
        time(rs.getObject("started_at", OffsetDateTime.class)), time(rs.getObject("finished_at", OffsetDateTime.class)));
  }

  private static Instant instant(String iso) {
    return iso == null ? null : Instant.parse(iso);
  }

  private static Instant time(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  private static String truncate(String detail) {
    return detail == null || detail.length() <= 4000 ? detail : detail.substring(0, 3997) + "...";
  }
}
