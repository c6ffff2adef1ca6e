package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.RecordedResult;
import io.firebreak.orchestrator.gateway.ResultRecorder;
import io.firebreak.orchestrator.storage.Json;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Per-host results with evidence, keyed by (incident, step, host). Recording is an upsert, so a
 * retried dispatch activity overwrites its own rows instead of adding more. Thread-safe.
 */
public final class HostResultDao implements ResultRecorder {
  private final Jdbi jdbi;

  public HostResultDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** A stored result row. */
  public record Row(
      String step,
      String hostId,
      String partition,
      String action,
      String commandId,
      String outcome,
      String detail,
      boolean duplicate,
      java.util.Map<String, String> evidence,
      Instant startedAt,
      Instant finishedAt) {}

  @Override
  public void record(String incidentId, String step, String action, List<RecordedResult> results) {
    if (results.isEmpty()) {
      return;
    }
    jdbi.useTransaction(handle -> {
      PreparedBatch batch = handle.prepareBatch(
          "MERGE INTO host_results (incident_id, step, host_id, partition_name, action, command_id,"
              + " outcome, detail, duplicate, evidence, started_at, finished_at)"
              + " KEY (incident_id, step, host_id) VALUES (:incident, :step, :host, :partition,"
              + " :action, :command, :outcome, :detail, :duplicate, :evidence, :started, :finished)");
      for (RecordedResult result : results) {
        batch.bind("incident", incidentId)
            .bind("step", step)
            .bind("host", result.hostId())
            .bind("partition", result.partition())
            .bind("action", action)
            .bind("command", result.commandId())
            .bind("outcome", result.outcome().name().toLowerCase(java.util.Locale.ROOT))
            .bind("detail", truncate(result.detail()))
            .bind("duplicate", result.duplicate())
            .bind("evidence", Json.write(result.evidence()))
            .bind("started", result.startedAtMs() > 0 ? Instant.ofEpochMilli(result.startedAtMs()) : null)
            .bind("finished", result.finishedAtMs() > 0 ? Instant.ofEpochMilli(result.finishedAtMs()) : null)
            .add();
      }
      batch.execute();
    });
  }

  /** Results of an incident, by step then host. */
  public List<Row> list(String incidentId) {
    return jdbi.withHandle(handle -> handle.createQuery(
            "SELECT * FROM host_results WHERE incident_id = :incident ORDER BY step, host_id")
        .bind("incident", incidentId)
        .map(HostResultDao::map)
        .list());
  }

  private static Row map(java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext context)
      throws java.sql.SQLException {
    return new Row(
        rs.getString("step"),
        rs.getString("host_id"),
        rs.getString("partition_name"),
        rs.getString("action"),
        rs.getString("command_id"),
        rs.getString("outcome"),
        rs.getString("detail"),
        rs.getBoolean("duplicate"),
        Json.readMap(rs.getString("evidence")),
        instant(rs.getObject("started_at", java.time.OffsetDateTime.class)),
        instant(rs.getObject("finished_at", java.time.OffsetDateTime.class)));
  }

  /** Per-host outcome counts of an incident, keyed "step.outcome". */
  public java.util.Map<String, Integer> outcomeCounts(String incidentId) {
    java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
    jdbi.useHandle(handle -> handle.createQuery("SELECT step, outcome, COUNT(*) AS n FROM host_results"
            + " WHERE incident_id = :incident GROUP BY step, outcome")
        .bind("incident", incidentId)
        .map((rs, ctx) -> counts.put(rs.getString("step") + "." + rs.getString("outcome"), rs.getInt("n")))
        .list());
    return counts;
  }

  /** Results of an incident, by step then host, at most {@code limit} rows. */
  public List<Row> list(String incidentId, int limit) {
    return jdbi.withHandle(handle -> handle.createQuery(
            "SELECT * FROM host_results WHERE incident_id = :incident ORDER BY step, host_id LIMIT :limit")
        .bind("incident", incidentId)
        .bind("limit", limit)
        .map(HostResultDao::map)
        .list());
  }

  /** Number of result rows of an incident (all steps). */
  public int count(String incidentId) {
    return jdbi.withHandle(handle -> handle.createQuery(
            "SELECT COUNT(*) FROM host_results WHERE incident_id = :incident")
        .bind("incident", incidentId)
        .mapTo(Integer.class)
        .one());
  }

  private static Instant instant(java.time.OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  private static String truncate(String detail) {
    return detail == null || detail.length() <= 4000 ? detail : detail.substring(0, 3997) + "...";
  }
}
