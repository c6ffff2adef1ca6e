package io.firebreak.orchestrator.registry;

import io.firebreak.orchestrator.gateway.AgentRegistration;
import io.firebreak.orchestrator.gateway.AgentRegistry;
import io.firebreak.orchestrator.gateway.TargetHost;
import io.firebreak.orchestrator.storage.Json;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The agent registry in the database: which hosts exist, their labels, and which gateway holds
 * each one's stream. Written by gateways as agents come and go; read to resolve targets.
 * Thread-safe (each call uses its own handle).
 */
public final class AgentDao implements AgentRegistry {
  private static final String COLUMNS =
      "host_id, partition_name, labels, capabilities, agent_version, simulated, gateway_id,"
          + " connected, first_seen_at, last_seen_at";

  private final Jdbi jdbi;

  public AgentDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void applyAll(List<Update> updates) {
    // One transaction: a reconnect storm costs one commit per batch, not one per agent.
    jdbi.useTransaction(handle -> {
      for (Update update : updates) {
        if (update instanceof Connected connected) {
          connected(handle, connected.registration());
        } else if (update instanceof Disconnected disconnected) {
          disconnected(handle, disconnected.hostId(), disconnected.gatewayId());
        }
      }
    });
  }

  @Override
  public void connected(AgentRegistration registration) {
    jdbi.useHandle(handle -> connected(handle, registration));
  }

  private static void connected(org.jdbi.v3.core.Handle handle, AgentRegistration registration) {
    Instant now = Instant.ofEpochMilli(registration.connectedAtMs());
    handle.createUpdate(
            "MERGE INTO agents USING (VALUES (CAST(:host AS VARCHAR(255)))) AS incoming(host_id)"
                + " ON agents.host_id = incoming.host_id"
                + " WHEN MATCHED THEN UPDATE SET partition_name = :partition, labels = :labels,"
                + "  capabilities = :capabilities, agent_version = :version, simulated = :simulated,"
                + "  gateway_id = :gateway, connected = TRUE, last_seen_at = :now"
                + " WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES (:host, :partition,"
                + "  :labels, :capabilities, :version, :simulated, :gateway, TRUE, :now, :now)")
        .bind("host", registration.hostId())
        .bind("partition", registration.partition())
        .bind("labels", Json.write(registration.labels()))
        .bind("capabilities", String.join(",", registration.capabilities()))
        .bind("version", registration.agentVersion())
        .bind("simulated", registration.simulated())
        .bind("gateway", registration.gatewayId())
        .bind("now", now)
        .execute();
  }

  @Override
  public void disconnected(String hostId, String gatewayId) {
    jdbi.useHandle(handle -> disconnected(handle, hostId, gatewayId));
  }

  private static void disconnected(org.jdbi.v3.core.Handle handle, String hostId, String gatewayId) {
    // Only the gateway that holds the stream may mark it gone: the host may already have
    // reconnected elsewhere.
    handle.createUpdate(
            "UPDATE agents SET connected = FALSE, gateway_id = NULL, last_seen_at = :now"
                + " WHERE host_id = :host AND gateway_id = :gateway")
        .bind("host", hostId)
        .bind("gateway", gatewayId)
        .bind("now", Instant.now())
        .execute();
  }

  /** Marks every agent of a gateway disconnected (at gateway start: its streams are gone). */
  public int disconnectAll(String gatewayId) {
    return jdbi.withHandle(handle -> handle.createUpdate(
            "UPDATE agents SET connected = FALSE, gateway_id = NULL WHERE gateway_id = :gateway")
        .bind("gateway", gatewayId)
        .execute());
  }

  /** Every agent, or those of the given partitions, ordered by partition then host id. */
  public List<AgentRecord> list(Collection<String> partitions) {
    return jdbi.withHandle(handle -> {
      if (partitions.isEmpty()) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM agents ORDER BY partition_name, host_id")
            .map(AgentDao::map)
            .list();
      }
      return handle.createQuery("SELECT " + COLUMNS + " FROM agents WHERE partition_name IN (<partitions>)"
              + " ORDER BY partition_name, host_id")
          .bindList("partitions", List.copyOf(partitions))
          .map(AgentDao::map)
          .list();
    });
  }

  /**
   * As {@link #list}, as dispatch targets only (no labels or versions read): each host with its
   * gateway when it is connected, without one when it is not.
   */
  public List<TargetHost> targets(Collection<String> partitions) {
    String where = partitions.isEmpty() ? "" : " WHERE partition_name IN (<partitions>)";
    return jdbi.withHandle(handle -> {
      var query = handle.createQuery("SELECT host_id, partition_name, gateway_id, connected FROM agents" + where
          + " ORDER BY partition_name, host_id");
      if (!partitions.isEmpty()) {
        query.bindList("partitions", List.copyOf(partitions));
      }
      return query.map((rs, ctx) -> new TargetHost(rs.getString("host_id"), rs.getString("partition_name"),
          rs.getBoolean("connected") ? rs.getString("gateway_id") : null)).list();
    });
  }

  /** The agents with the given host ids (unknown ids are simply absent). */
  public List<AgentRecord> find(Collection<String> hostIds) {
    if (hostIds.isEmpty()) {
      return List.of();
    }
    return jdbi.withHandle(handle -> handle.createQuery(
            "SELECT " + COLUMNS + " FROM agents WHERE host_id IN (<hosts>)")
        .bindList("hosts", List.copyOf(hostIds))
        .map(AgentDao::map)
        .list());
  }

  /** How many agents are registered in {@code partition} (connected or not). */
  public int count(String partition) {
    return jdbi.withHandle(handle -> handle.createQuery(
            "SELECT COUNT(*) FROM agents WHERE partition_name = :partition")
        .bind("partition", partition)
        .mapTo(Integer.class)
        .one());
  }

  public int countConnected(String gatewayId) {
    return jdbi.withHandle(handle -> handle.createQuery(
            "SELECT COUNT(*) FROM agents WHERE connected AND gateway_id = :gateway")
        .bind("gateway", gatewayId)
        .mapTo(Integer.class)
        .one());
  }

  private static AgentRecord map(ResultSet rs, StatementContext context) throws SQLException {
    String capabilities = rs.getString("capabilities");
    return new AgentRecord(
        rs.getString("host_id"),
        rs.getString("partition_name"),
        Json.readMap(rs.getString("labels")),
        capabilities.isEmpty() ? List.of() : Arrays.asList(capabilities.split(",")),
        rs.getString("agent_version"),
        rs.getBoolean("simulated"),
        rs.getString("gateway_id"),
        rs.getBoolean("connected"),
        rs.getObject("first_seen_at", java.time.OffsetDateTime.class).toInstant(),
        rs.getObject("last_seen_at", java.time.OffsetDateTime.class).toInstant());
  }
}
