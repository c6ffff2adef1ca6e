package io.firebreak.orchestrator.registry;

import io.firebreak.orchestrator.gateway.AgentRegistration;
import io.firebreak.orchestrator.gateway.AgentRegistry;
import io.firebreak.orchestrator.gateway.TargetHost;
import io.firebreak.orchestrator.storage.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent registry in the database: which hosts exist, their labels, and which gateway holds
 * each one's stream. Written by gateways as agents come and go; read to resolve targets.
 * Thread-safe (each call uses its own handle).
 */
public final class AgentDao implements AgentRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(AgentDao.class);
  private static final String COLUMNS =
      "host_id, partition_name, labels, capabilities, agent_version, simulated, gateway_id,"
          + " connected, first_seen_at, last_seen_at";

  /**
   * Registers a host or updates it, keeping when it was first seen; {@code last_seen_at} of a
   * connected host is when its stream was registered. A connection that is older than the host's
   * current one through another gateway changes nothing: each gateway applies its updates in order,
   * but two gateways' updates race, and the host that moved from gateway A to B must not be put
   * back on A (A's disconnection, which follows, would then mark it gone while B holds its stream).
   * The times are the gateways' clocks.
   */
  private static final String CONNECT =
      "MERGE INTO agents USING (VALUES (CAST(? AS VARCHAR(255)), CAST(? AS VARCHAR(64)), CAST(? AS VARCHAR(8000)),"
          + "  CAST(? AS VARCHAR(4000)), CAST(? AS VARCHAR(64)), CAST(? AS BOOLEAN), CAST(? AS VARCHAR(64)),"
          + "  CAST(? AS TIMESTAMP WITH TIME ZONE)))"
          + " AS incoming(host_id, partition_name, labels, capabilities, agent_version, simulated, gateway_id, at)"
          + " ON agents.host_id = incoming.host_id"
          + " WHEN MATCHED AND (NOT agents.connected OR agents.gateway_id = incoming.gateway_id"
          + "  OR agents.last_seen_at <= incoming.at)"
          + " THEN UPDATE SET partition_name = incoming.partition_name, labels = incoming.labels,"
          + "  capabilities = incoming.capabilities, agent_version = incoming.agent_version,"
          + "  simulated = incoming.simulated, gateway_id = incoming.gateway_id, connected = TRUE,"
          + "  last_seen_at = incoming.at"
          + " WHEN NOT MATCHED THEN INSERT (" + COLUMNS + ") VALUES (incoming.host_id, incoming.partition_name,"
          + "  incoming.labels, incoming.capabilities, incoming.agent_version, incoming.simulated, incoming.gateway_id,"
          + "  TRUE, incoming.at, incoming.at)";

  /**
   * Only the gateway that holds the stream may mark it gone: the host may already have reconnected
   * elsewhere.
   */
  private static final String DISCONNECT =
      "UPDATE agents SET connected = FALSE, gateway_id = NULL, last_seen_at = ? WHERE host_id = ? AND gateway_id = ?";

  private final Jdbi jdbi;

  public AgentDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Applies {@code updates} in order in one transaction, as plain JDBC batches: a run of
   * connections is one batch, a run of disconnections another (a reconnect storm of thousands of
   * agents is a few statements, not one parsed and bound by name per agent, which cost about 1 ms
   * each on a freshly started orchestrator). A failing update fails the whole call; nothing is
   * written.
   */
  @Override
  public void applyAll(List<Update> updates) {
    if (updates.isEmpty()) {
      return;
    }
    jdbi.useTransaction(handle -> {
      Connection connection = handle.getConnection();
      try (PreparedStatement connect = connection.prepareStatement(CONNECT);
          PreparedStatement disconnect = connection.prepareStatement(DISCONNECT)) {
        List<AgentRegistration> connecting = new ArrayList<>();
        for (Update update : updates) {
          if (update instanceof Connected connected) {
            if (connecting.isEmpty()) {
              disconnect.executeBatch();
            }
            bindConnect(connect, connected.registration());
            connecting.add(connected.registration());
          } else if (update instanceof Disconnected disconnected) {
            connectAll(connect, connecting);
            bindDisconnect(disconnect, disconnected.hostId(), disconnected.gatewayId());
          }
        }
        connectAll(connect, connecting);
        disconnect.executeBatch();
      } catch (SQLException e) {
        throw new UnableToExecuteStatementException("could not apply " + updates.size() + " agent registry updates",
            e, null);
      }
    });
  }

  /** Runs the batch of {@code connecting} (empties it), and says which arrived after a newer one. */
  private static void connectAll(PreparedStatement connect, List<AgentRegistration> connecting) throws SQLException {
    if (connecting.isEmpty()) {
      return;
    }
    int[] counts = connect.executeBatch();
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] == 0) {
        AgentRegistration late = connecting.get(i);
        LOG.info("Host {} stays on the gateway of its newer connection: its connection through {} at {} was"
            + " recorded late", late.hostId(), late.gatewayId(), Instant.ofEpochMilli(late.connectedAtMs()));
      }
    }
    connecting.clear();
  }

  @Override
  public void connected(AgentRegistration registration) {
    applyAll(List.of(new Connected(registration)));
  }

  @Override
  public void disconnected(String hostId, String gatewayId) {
    applyAll(List.of(new Disconnected(hostId, gatewayId)));
  }

  private static void bindConnect(PreparedStatement statement, AgentRegistration registration) throws SQLException {
    statement.setString(1, registration.hostId());
    statement.setString(2, registration.partition());
    statement.setString(3, Json.write(registration.labels()));
    statement.setString(4, String.join(",", registration.capabilities()));
    statement.setString(5, registration.agentVersion());
    statement.setBoolean(6, registration.simulated());
    statement.setString(7, registration.gatewayId());
    statement.setObject(8, Instant.ofEpochMilli(registration.connectedAtMs()).atOffset(ZoneOffset.UTC));
    statement.addBatch();
  }

  private static void bindDisconnect(PreparedStatement statement, String hostId, String gatewayId)
      throws SQLException {
    statement.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
    statement.setString(2, hostId);
    statement.setString(3, gatewayId);
    statement.addBatch();
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
