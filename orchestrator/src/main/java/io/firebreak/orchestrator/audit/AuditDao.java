package io.firebreak.orchestrator.audit;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** SQL of the audit tables. Thread-safe; serializing appends is {@link AuditLog}'s job. */
final class AuditDao {
  private static final String COLUMNS = "seq, at, actor, action, subject, partition_name, details, prev_hash, hash";

  private final Jdbi jdbi;

  AuditDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Inserts {@code rows} in one transaction, as one plain JDBC batch: appends come thousands at a
   * time (an event per host result), and binding each by name cost about a third of inserting it.
   */
  void insert(List<AuditRecord> rows) {
    jdbi.useTransaction(handle -> insert(handle, rows));
  }

  /** Inserts {@code rows} in the caller's transaction on {@code handle}. */
  void insert(Handle handle, List<AuditRecord> rows) {
    try (PreparedStatement insert = handle.getConnection().prepareStatement(
        "INSERT INTO audit_events (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (AuditRecord row : rows) {
        insert.setLong(1, row.seq());
        insert.setObject(2, row.at().atOffset(ZoneOffset.UTC));
        insert.setString(3, row.actor());
        insert.setString(4, row.action());
        insert.setString(5, row.subject());
        insert.setString(6, row.partition());
        insert.setString(7, row.details());
        insert.setString(8, row.prevHash());
        insert.setString(9, row.hash());
        insert.addBatch();
      }
      insert.executeBatch();
    } catch (SQLException e) {
      throw new UnableToExecuteStatementException("could not append " + rows.size() + " audit events", e, null);
    }
  }

  /** The newest row's seq and hash, if there is a row. */
  Optional<ChainHead> lastRow() {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1")
        .map((rs, ctx) -> new ChainHead(rs.getLong("seq"), rs.getString("hash")))
        .findOne());
  }

  /** Rows matching {@code query}, ascending by seq. */
  List<AuditRecord> find(AuditQuery query) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_events WHERE seq > :after");
    List<String[]> filters = new ArrayList<>();
    if (query.subject() != null) {
      filters.add(new String[] {"subject", query.subject()});
    }
    if (query.actor() != null) {
      filters.add(new String[] {"actor", query.actor()});
    }
    if (query.action() != null) {
      filters.add(new String[] {"action", query.action()});
    }
    for (String[] filter : filters) {
      sql.append(" AND ").append(filter[0]).append(" = :").append(filter[0]);
    }
    sql.append(" ORDER BY seq LIMIT :limit");
    return jdbi.withHandle(handle -> {
      Query statement = handle.createQuery(sql.toString())
          .bind("after", query.afterSeq())
          .bind("limit", query.limit());
      filters.forEach(filter -> statement.bind(filter[0], filter[1]));
      return statement.map((rs, ctx) -> record(rs)).list();
    });
  }

  void insertCheckpoint(AuditCheckpoint checkpoint) {
    jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO audit_checkpoints (seq, hash, signature, key_id, at)"
            + " VALUES (:seq, :hash, :signature, :keyId, :at)")
        .bind("seq", checkpoint.seq())
        .bind("hash", checkpoint.hash())
        .bind("signature", checkpoint.signature())
        .bind("keyId", checkpoint.keyId())
        .bind("at", timestamp(checkpoint.at()))
        .execute());
  }

  /** Checkpoints after {@code afterSeq}, ascending by seq, at most {@code limit}. */
  List<AuditCheckpoint> checkpoints(long afterSeq, int limit) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT seq, hash, signature, key_id, at"
            + " FROM audit_checkpoints WHERE seq > :after ORDER BY seq LIMIT :limit")
        .bind("after", afterSeq)
        .bind("limit", limit)
        .map((rs, ctx) -> new AuditCheckpoint(rs.getLong("seq"), rs.getString("hash"), rs.getString("signature"),
            rs.getString("key_id"), instant(rs)))
        .list());
  }

  /** The newest checkpoint, if any. */
  Optional<AuditCheckpoint> lastCheckpoint() {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT seq, hash, signature, key_id, at"
            + " FROM audit_checkpoints ORDER BY seq DESC LIMIT 1")
        .map((rs, ctx) -> new AuditCheckpoint(rs.getLong("seq"), rs.getString("hash"), rs.getString("signature"),
            rs.getString("key_id"), instant(rs)))
        .findOne());
  }

  /** How many checkpoints there are up to {@code maxSeq}. */
  long checkpointCount(long maxSeq) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM audit_checkpoints WHERE seq <= :max")
        .bind("max", maxSeq)
        .mapTo(Long.class)
        .one());
  }

  private static AuditRecord record(ResultSet rs) throws SQLException {
    return new AuditRecord(rs.getLong("seq"), instant(rs), rs.getString("actor"), rs.getString("action"),
        rs.getString("subject"), rs.getString("partition_name"), rs.getString("details"),
        rs.getString("prev_hash"), rs.getString("hash"));
  }

  private static Instant instant(ResultSet rs) throws SQLException {
    return rs.getObject("at", OffsetDateTime.class).toInstant();
  }

  /** Binds an instant as TIMESTAMP WITH TIME ZONE in UTC, independent of the JVM's zone. */
  private static Argument timestamp(Instant instant) {
    OffsetDateTime utc = instant.atOffset(ZoneOffset.UTC);
    return (position, statement, context) -> statement.setObject(position, utc);
  }
}
