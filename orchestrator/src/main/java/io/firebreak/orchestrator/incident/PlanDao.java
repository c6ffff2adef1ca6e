package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.TargetHost;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Plan snapshots: the hosts of an incident in plan order, numbered from 0. Read back in ordinal
 * ranges joined with the registry for the hosts' current gateways. Thread-safe.
 */
public final class PlanDao {
  private static final String LOCATED = "SELECT p.host_id, p.partition_name,"
      + " CASE WHEN a.connected THEN a.gateway_id END AS gateway_id"
      + " FROM plan_hosts p LEFT JOIN agents a ON a.host_id = p.host_id";
  /**
   * Hosts of a slice that succeeded in a step, newest first: the plan's range by its primary key,
   * each host's result by {@code host_results}' primary key, so a page costs the slice, never
   * slice × results (PlanDaoTest holds H2 to that plan).
   */
  static final String SUCCEEDED = LOCATED
      + " JOIN host_results r ON r.incident_id = p.incident_id AND r.host_id = p.host_id"
      + " WHERE p.incident_id = :incident AND p.ordinal >= :from AND p.ordinal < :to"
      + " AND r.step = :step AND r.outcome = 'succeeded'"
      + " ORDER BY r.finished_at DESC NULLS LAST, p.ordinal DESC LIMIT :limit OFFSET :offset";

  private final Jdbi jdbi;

  public PlanDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Replaces the snapshot of {@code incidentId} with {@code hosts} (in one transaction). */
  public void replace(String incidentId, List<TargetHost> hosts) {
    jdbi.useTransaction(handle -> {
      handle.createUpdate("DELETE FROM plan_hosts WHERE incident_id = :incident").bind("incident", incidentId).execute();
      // A plain JDBC batch: a plan can have tens of thousands of rows, and binding each by name
      // costs more than inserting it.
      try (java.sql.PreparedStatement insert = handle.getConnection().prepareStatement(
          "INSERT INTO plan_hosts (incident_id, ordinal, host_id, partition_name) VALUES (?, ?, ?, ?)")) {
        for (int i = 0; i < hosts.size(); i++) {
          insert.setString(1, incidentId);
          insert.setInt(2, i);
          insert.setString(3, hosts.get(i).hostId());
          insert.setString(4, hosts.get(i).partition());
          insert.addBatch();
          if ((i + 1) % 5_000 == 0) {
            insert.executeBatch();
          }
        }
        insert.executeBatch();
      } catch (java.sql.SQLException e) {
        throw new org.jdbi.v3.core.statement.UnableToExecuteStatementException(
            "could not write the plan of " + incidentId, e, null);
      }
    });
  }

  /** One slice per partition, in plan order. */
  public List<PlanSlice> partitions(String incidentId) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT partition_name, MIN(ordinal) AS first,"
            + " MAX(ordinal) AS last FROM plan_hosts WHERE incident_id = :incident GROUP BY partition_name"
            + " ORDER BY first")
        .bind("incident", incidentId)
        .map((rs, ctx) -> new PlanSlice(rs.getString("partition_name"), rs.getInt("first"), rs.getInt("last") + 1))
        .list());
  }

  /** The hosts of {@code slice} in plan order. */
  public List<TargetHost> hosts(String incidentId, PlanSlice slice) {
    return jdbi.withHandle(handle -> handle.createQuery(LOCATED
            + " WHERE p.incident_id = :incident AND p.ordinal >= :from AND p.ordinal < :to ORDER BY p.ordinal")
        .bind("incident", incidentId)
        .bind("from", slice.from())
        .bind("to", slice.to())
        .map((rs, ctx) -> new TargetHost(rs.getString("host_id"), rs.getString("partition_name"),
            rs.getString("gateway_id")))
        .collectIntoList());
  }

  /** Hosts of {@code slice} with a succeeded result in {@code step}, newest result first. */
  public List<TargetHost> succeeded(String incidentId, String step, PlanSlice slice, int offset, int limit) {
    return jdbi.withHandle(handle -> handle.createQuery(SUCCEEDED)
        .bind("incident", incidentId)
        .bind("from", slice.from())
        .bind("to", slice.to())
        .bind("step", step)
        .bind("limit", limit)
        .bind("offset", offset)
        .map((rs, ctx) -> new TargetHost(rs.getString("host_id"), rs.getString("partition_name"),
            rs.getString("gateway_id")))
        .collectIntoList());
  }

  /** Number of hosts in the snapshot. */
  public int count(String incidentId) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM plan_hosts WHERE incident_id = :incident")
        .bind("incident", incidentId).mapTo(Integer.class).one());
  }
}
