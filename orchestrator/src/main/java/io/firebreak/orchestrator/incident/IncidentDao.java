package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.storage.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The incident index: one row per incident, written when it is opened (by whoever started the
 * workflow) and updated by the workflow as it progresses. Thread-safe.
 */
public final class IncidentDao {
  private final Jdbi jdbi;

  public IncidentDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Maps an incident key to the run that signal-with-start landed on, and opens the incident row
   * when that run is new for the key.
   *
   * @return true when the run was already the key's current incident (the alert joined it)
   */
  public boolean claimKey(IncidentRecord opened) {
    return jdbi.inTransaction(handle -> {
      Optional<String> current = handle.createQuery(
              "SELECT run_id FROM incident_keys WHERE incident_key = :key FOR UPDATE")
          .bind("key", opened.incidentKey())
          .mapTo(String.class)
          .findOne();
      if (current.isPresent() && current.get().equals(opened.runId())) {
        return true;
      }
      handle.createUpdate("MERGE INTO incident_keys (incident_key, workflow_id, run_id, incident_id,"
              + " updated_at) KEY (incident_key) VALUES (:key, :workflow, :run, :incident, :now)")
          .bind("key", opened.incidentKey())
          .bind("workflow", opened.workflowId())
          .bind("run", opened.runId())
          .bind("incident", opened.incidentId())
          .bind("now", Instant.now())
          .execute();
      insertIfAbsent(handle, opened);
      return false;
    });
  }

  /** Opens the row of an incident that has no key semantics (a responder's run). */
  public void open(IncidentRecord opened) {
    jdbi.useHandle(handle -> insertIfAbsent(handle, opened));
  }

  private static void insertIfAbsent(Handle handle, IncidentRecord opened) {
    // The workflow may already have recorded its first status; keep whatever is there.
    handle.createUpdate("INSERT INTO incidents (incident_id, incident_key, workflow_id, run_id,"
            + " playbook, mode, state, requested_by, justification, alert_id, created_at, updated_at)"
            + " SELECT :id, :key, :workflow, :run, :playbook, :mode, :state, :by, :why, :alert, :now, :now"
            + " WHERE NOT EXISTS (SELECT 1 FROM incidents WHERE incident_id = :id)")
        .bind("id", opened.incidentId())
        .bind("key", opened.incidentKey())
        .bind("workflow", opened.workflowId())
        .bind("run", opened.runId())
        .bind("playbook", opened.playbook())
        .bind("mode", opened.mode())
        .bind("state", opened.state())
        .bind("by", opened.requestedBy())
        .bind("why", opened.justification())
        .bind("alert", opened.alertId())
        .bind("now", opened.createdAt())
        .execute();
  }

  /**
   * Records the workflow's status. The row normally exists already (opened by the starter); if the
   * workflow got here first, the update touches nothing and the caller retries.
   *
   * Writes older than the stored version are ignored.
   *
   * @return false when there is no row yet for the incident
   */
  public boolean recordStatus(IncidentStatus status) {
    return jdbi.withHandle(handle -> handle.createUpdate("UPDATE incidents SET state = :state,"
                + " target_count = :targets, alert_count = :alerts, status_json = :status,"
                + " error = :error, status_version = :version, updated_at = :now"
                + " WHERE incident_id = :id AND status_version < :version")
            .bind("id", status.incidentId())
            .bind("state", status.state().wireName())
            .bind("targets", status.targetCount())
            .bind("alerts", status.alertCount())
            .bind("status", Json.write(status))
            .bind("error", status.error())
            .bind("version", status.version())
            .bind("now", Instant.now())
            .execute()) > 0
        || exists(status.incidentId());
  }

  private boolean exists(String incidentId) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM incidents WHERE incident_id = :id")
        .bind("id", incidentId)
        .mapTo(Integer.class)
        .one()) > 0;
  }

  /**
   * Records the partitions an incident's plan touches (for data-level authorization of reads).
   *
   * @return false when the incident has no row yet (its starter opens it right after starting the
   *     workflow): nothing was recorded, try again
   */
  public boolean recordPartitions(String incidentId, java.util.List<String> partitions) {
    return jdbi.withHandle(handle -> handle.createUpdate(
            "UPDATE incidents SET partitions = :partitions WHERE incident_id = :id")
        .bind("id", incidentId)
        .bind("partitions", String.join(",", partitions))
        .execute()) > 0;
  }

  /**
   * The partitions recorded for an incident: empty while its plan is not resolved (or it has no
   * row), then the list (itself empty when the plan touches no partition).
   */
  public Optional<java.util.List<String>> partitions(String incidentId) {
    return jdbi.withHandle(handle -> handle.createQuery(
            "SELECT partitions FROM incidents WHERE incident_id = :id AND partitions IS NOT NULL")
        .bind("id", incidentId).mapTo(String.class).findOne())
        .map(csv -> csv.isEmpty() ? java.util.List.of() : java.util.List.of(csv.split(",")));
  }

  /** Stores what the incident was asked to do (for a rollback after it ended). */
  public void recordRequest(String incidentId, IncidentRequest request) {
    jdbi.useHandle(handle -> handle.createUpdate("UPDATE incidents SET request_json = :request"
            + " WHERE incident_id = :id AND request_json IS NULL")
        .bind("id", incidentId)
        .bind("request", Json.write(request))
        .execute());
  }

  /** What the incident was asked to do, if recorded. */
  public Optional<IncidentRequest> request(String incidentId) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT request_json FROM incidents WHERE incident_id = :id")
        .bind("id", incidentId)
        .mapTo(String.class)
        .findOne())
        .map(json -> Json.read(json, IncidentRequest.class));
  }

  public Optional<IncidentRecord> find(String incidentId) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM incidents WHERE incident_id = :id")
        .bind("id", incidentId)
        .map(IncidentDao::map)
        .findOne());
  }

  /** Newest first; {@code state} null for all. */
  public List<IncidentRecord> list(String state, int limit) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM incidents"
                + (state == null ? "" : " WHERE state = :state")
                + " ORDER BY created_at DESC, incident_id LIMIT :limit")
        .bind("state", state)
        .bind("limit", limit)
        .map(IncidentDao::map)
        .list());
  }

  private static IncidentRecord map(ResultSet rs, StatementContext context) throws SQLException {
    String status = rs.getString("status_json");
    return new IncidentRecord(
        rs.getString("incident_id"),
        rs.getString("incident_key"),
        rs.getString("workflow_id"),
        rs.getString("run_id"),
        rs.getString("playbook"),
        rs.getString("mode"),
        rs.getString("state"),
        rs.getString("requested_by"),
        rs.getString("justification"),
        rs.getString("alert_id"),
        rs.getInt("target_count"),
        rs.getInt("alert_count"),
        status == null ? null : Json.read(status, IncidentStatus.class),
        rs.getString("error"),
        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
        rs.getObject("updated_at", OffsetDateTime.class).toInstant());
  }
}
