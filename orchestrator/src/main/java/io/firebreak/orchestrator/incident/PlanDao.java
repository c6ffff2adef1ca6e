package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.TargetHost;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Plan snapshots: the hosts of an incident in plan order, numbered from 0. Read back in ordinal
 * ranges joined with the registry for the hosts' current gateways. Thread-safe.
 *
 * <p>An incident's plan has a number ({@code plans.plan_id}); its hosts' rows are keyed by {@link
 * #key}, the plan's number times 2^24 plus the host's ordinal, so a slice of a plan is one range of
 * one B-tree (V7__plan_host_keys.sql).
 */
public final class PlanDao {
  /** The most hosts a plan can have: ordinals take the low 24 bits of a row's key. */
  static final int MAX_HOSTS = 1 << 24;

  private static final String LOCATED = "SELECT p.host_id, p.partition_name,"
      + " CASE WHEN a.connected THEN a.gateway_id END AS gateway_id"
      + " FROM plan_hosts p LEFT JOIN agents a ON a.host_id = p.host_id";
  /**
   * Hosts of a slice ({@code :from} and {@code :to} are row keys, see {@link #key}) that succeeded
   * in a step, newest first: the plan's range by its primary key, each host's result by {@code
   * host_results}' primary key, so a page costs the slice, never slice × results (PlanDaoTest
   * holds H2 to that plan).
   */
  static final String SUCCEEDED = LOCATED
      + " JOIN host_results r ON r.incident_id = :incident AND r.host_id = p.host_id"
      + " WHERE p.host_key >= :from AND p.host_key < :to"
      + " AND r.step = :step AND r.outcome = 'succeeded'"
      + " ORDER BY r.finished_at DESC NULLS LAST, p.host_key DESC LIMIT :limit OFFSET :offset";

  private final Jdbi jdbi;

  public PlanDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** The row key of the host at {@code ordinal} in plan {@code planId}. */
  static long key(long planId, int ordinal) {
    return planId * MAX_HOSTS + ordinal;
  }

  /** Replaces the snapshot of {@code incidentId} with {@code hosts} (in one transaction). */
  public void replace(String incidentId, List<TargetHost> hosts) {
    if (hosts.size() > MAX_HOSTS) {
      throw new IllegalArgumentException("a plan has at most " + MAX_HOSTS + " hosts; this one has " + hosts.size());
    }
    jdbi.useTransaction(handle -> {
      long planId = planId(handle, incidentId).orElseGet(() -> newPlan(handle, incidentId));
      handle.createUpdate("DELETE FROM plan_hosts WHERE host_key >= :from AND host_key < :to")
          .bind("from", key(planId, 0)).bind("to", key(planId + 1, 0)).execute();
      // A plain JDBC batch: a plan can have tens of thousands of rows, and binding each by name
      // costs more than inserting it.
      try (PreparedStatement insert = handle.getConnection().prepareStatement(
          "INSERT INTO plan_hosts (host_key, host_id, partition_name) VALUES (?, ?, ?)")) {
        for (int i = 0; i < hosts.size(); i++) {
          insert.setLong(1, key(planId, i));
          insert.setString(2, hosts.get(i).hostId());
          insert.setString(3, hosts.get(i).partition());
          insert.addBatch();
          if ((i + 1) % 5_000 == 0) {
            insert.executeBatch();
          }
        }
        insert.executeBatch();
      } catch (SQLException e) {
        throw new UnableToExecuteStatementException("could not write the plan of " + incidentId, e, null);
      }
    });
  }

  /** One slice per partition, in plan order. */
  public List<PlanSlice> partitions(String incidentId) {
    return inPlan(incidentId, (handle, planId) -> {
      long base = key(planId, 0);
      return handle.createQuery("SELECT partition_name, MIN(host_key) AS first, MAX(host_key) AS last"
              + " FROM plan_hosts WHERE host_key >= :from AND host_key < :to GROUP BY partition_name ORDER BY first")
          .bind("from", base)
          .bind("to", key(planId + 1, 0))
          .map((rs, ctx) -> new PlanSlice(rs.getString("partition_name"), (int) (rs.getLong("first") - base),
              (int) (rs.getLong("last") - base) + 1))
          .list();
    });
  }

  /** The hosts of {@code slice} in plan order. */
  public List<TargetHost> hosts(String incidentId, PlanSlice slice) {
    return inPlan(incidentId, (handle, planId) -> handle.createQuery(LOCATED
            + " WHERE p.host_key >= :from AND p.host_key < :to ORDER BY p.host_key")
        .bind("from", key(planId, slice.from()))
        .bind("to", key(planId, slice.to()))
        .map(PlanDao::located)
        .list());
  }

  /** Hosts of {@code slice} with a succeeded result in {@code step}, newest result first. */
  public List<TargetHost> succeeded(String incidentId, String step, PlanSlice slice, int offset, int limit) {
    return inPlan(incidentId, (handle, planId) -> handle.createQuery(SUCCEEDED)
        .bind("incident", incidentId)
        .bind("from", key(planId, slice.from()))
        .bind("to", key(planId, slice.to()))
        .bind("step", step)
        .bind("limit", limit)
        .bind("offset", offset)
        .map(PlanDao::located)
        .list());
  }

  /** Number of hosts in the snapshot. */
  public int count(String incidentId) {
    return jdbi.withHandle(handle -> planId(handle, incidentId)
        .map(planId -> handle.createQuery("SELECT COUNT(*) FROM plan_hosts WHERE host_key >= :from AND host_key < :to")
            .bind("from", key(planId, 0))
            .bind("to", key(planId + 1, 0))
            .mapTo(Integer.class)
            .one())
        .orElse(0));
  }

  /** What {@code read} reads of {@code incidentId}'s plan on one handle; nothing if it has none. */
  private <T> List<T> inPlan(String incidentId, BiFunction<Handle, Long, List<T>> read) {
    return jdbi.withHandle(handle -> planId(handle, incidentId)
        .map(planId -> read.apply(handle, planId))
        .orElse(List.of()));
  }

  private static TargetHost located(ResultSet rs, StatementContext context) throws SQLException {
    return new TargetHost(rs.getString("host_id"), rs.getString("partition_name"), rs.getString("gateway_id"));
  }

  /** The number of {@code incidentId}'s plan, if it has one. */
  Optional<Long> planId(String incidentId) {
    return jdbi.withHandle(handle -> planId(handle, incidentId));
  }

  private static Optional<Long> planId(Handle handle, String incidentId) {
    return handle.createQuery("SELECT plan_id FROM plans WHERE incident_id = :incident")
        .bind("incident", incidentId)
        .mapTo(Long.class)
        .findOne();
  }

  private static long newPlan(Handle handle, String incidentId) {
    return handle.createUpdate("INSERT INTO plans (incident_id) VALUES (:incident)")
        .bind("incident", incidentId)
        .executeAndReturnGeneratedKeys("plan_id")
        .mapTo(Long.class)
        .one();
  }
}
