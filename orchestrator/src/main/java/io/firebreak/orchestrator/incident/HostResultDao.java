package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.RecordedResult;
import io.firebreak.orchestrator.gateway.ResultRecorder;
import io.firebreak.orchestrator.gateway.ResultRecorder.Batch;
import io.firebreak.orchestrator.storage.Json;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Per-host results with evidence, keyed by (incident, step, host). Recording is an upsert, so a
 * retried dispatch activity overwrites its own rows instead of adding more. Thread-safe.
 */
public final class HostResultDao implements ResultRecorder {
  private static final String COLUMNS = "(incident_id, step, host_id, partition_name, action, command_id, outcome,"
      + " detail, duplicate, evidence, started_at, finished_at)";
  private static final String VALUES = " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String INSERT = "INSERT INTO host_results " + COLUMNS + VALUES;
  private static final String UPSERT = "MERGE INTO host_results " + COLUMNS + " KEY (incident_id, step, host_id)" + VALUES;

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

  /**
   * Writes the rows of all {@code batches} in one transaction as a plain JDBC batch (tens of
   * thousands of rows per partition step; binding each by name cost about a third of writing it):
   * all or none. See {@link #write(Handle, List)}.
   */
  @Override
  public void recordAll(List<Batch> batches) {
    if (batches.stream().allMatch(batch -> batch.results().isEmpty())) {
      return;
    }
    jdbi.useTransaction(handle -> write(handle, batches));
  }

  /**
   * Writes the rows of all {@code batches} in the caller's transaction on {@code handle}. A first
   * attempt's rows are new, so they are inserted; if any is already there (a retried attempt
   * recording again what it had recorded before it died), the whole lot is written again as an
   * upsert, in the same transaction.
   */
  void write(Handle handle, List<Batch> batches) {
    try {
      write(handle, INSERT, batches);
    } catch (UnableToExecuteStatementException e) {
      if (!isDuplicateKey(e)) {
        throw e;
      }
      write(handle, UPSERT, batches);
    }
  }

  private static void write(Handle handle, String sql, List<Batch> batches) {
    try (PreparedStatement statement = handle.getConnection().prepareStatement(sql)) {
      for (Batch batch : batches) {
        for (RecordedResult result : batch.results()) {
          statement.setString(1, batch.incidentId());
          statement.setString(2, batch.step());
          statement.setString(3, result.hostId());
          statement.setString(4, result.partition());
          statement.setString(5, batch.action());
          statement.setString(6, result.commandId());
          statement.setString(7, result.outcome().name().toLowerCase(Locale.ROOT));
          statement.setString(8, truncate(result.detail()));
          statement.setBoolean(9, result.duplicate());
          statement.setString(10, result.evidence().isEmpty() ? "{}" : Json.write(result.evidence()));
          statement.setObject(11, timestamp(result.startedAtMs()));
          statement.setObject(12, timestamp(result.finishedAtMs()));
          statement.addBatch();
        }
      }
      statement.executeBatch();
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException("could not record " + describe(batches), e, null);
    }
  }

  private static String describe(List<Batch> batches) {
    Batch first = batches.get(0);
    int rows = batches.stream().mapToInt(batch -> batch.results().size()).sum();
    return batches.size() == 1
        ? rows + " results of " + first.incidentId() + " step " + first.step()
        : rows + " results of " + batches.size() + " batches (the first: " + first.incidentId() + " step "
            + first.step() + ")";
  }

  /** Whether {@code error} is a unique-key violation (SQLSTATE 23505), in its causes or a batch's chain. */
  private static boolean isDuplicateKey(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      for (SQLException sql = cause instanceof SQLException first ? first : null; sql != null;
          sql = sql.getNextException()) {
        if ("23505".equals(sql.getSQLState())) {
          return true;
        }
      }
    }
    return false;
  }

  private static OffsetDateTime timestamp(long epochMs) {
    return epochMs > 0 ? Instant.ofEpochMilli(epochMs).atOffset(ZoneOffset.UTC) : null;
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
        instant(rs.getObject("started_at", OffsetDateTime.class)),
        instant(rs.getObject("finished_at", OffsetDateTime.class)));
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

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  private static String truncate(String detail) {
    return detail == null || detail.length() <= 4000 ? detail : detail.substring(0, 3997) + "...";
  }
}
