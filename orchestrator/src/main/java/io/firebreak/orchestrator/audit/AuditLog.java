package io.firebreak.orchestrator.audit;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail: an append-only, hash-chained log in the {@code audit_events} table. Each row's
 * hash covers its fields and the previous row's hash (see {@link AuditVerifier} for what that
 * detects); {@link AuditCheckpointer} signs the head now and then.
 *
 * <p>How to record an event, from anywhere in the orchestrator:
 *
 * <pre>{@code
 * auditLog.append(AuditEvent.of(caller.name(), AuditActions.INCIDENT_OPENED, incidentId)
 *     .withPartition(partition)
 *     .withDetail("playbook", playbook.name()));
 * }</pre>
 *
 * <p>Each call is its own database transaction, committed before it returns, independent of any
 * transaction of the caller: record an action after it took effect (or an attempt before it is
 * made). {@link #appendAll} writes a batch in one transaction, chained in list order; use it for
 * per-host events; {@link #appendAllWith} commits a batch together with the caller's own rows.
 * Details are redacted ({@link Redaction}) and canonicalized before they are hashed; a bad event
 * (blank actor, unsupported detail type, details too large) is an {@link IllegalArgumentException}
 * and nothing is written.
 *
 * <p>Thread safety: appends are serialized inside this object, so any number of threads may call
 * it, and the head (seq, hash) is kept in memory after the first read. This assumes one
 * orchestrator process appends to the database at a time; a second writer cannot fork the chain
 * because seq is the primary key: the loser's append fails with an {@link AuditException} (and
 * the next append re-reads the head from the database).
 */
public final class AuditLog {
  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

  private final Jdbi jdbi;
  private final AuditDao dao;
  private final Clock clock;
  private final ReentrantLock appendLock = new ReentrantLock();
  /** The committed head; null until read, and again after a failed append. Guarded by appendLock. */
  private ChainHead head;

  public AuditLog(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.dao = new AuditDao(jdbi);
    this.clock = clock;
  }

  /**
   * Appends one event and returns it as stored (with its seq and hash).
   *
   * @throws IllegalArgumentException if the event's details cannot be recorded
   * @throws AuditException if the database refused the row; nothing was written
   */
  public AuditRecord append(AuditEvent event) {
    return appendAll(List.of(event)).get(0);
  }

  /**
   * Appends {@code events} in one transaction, chained in list order, and returns them as stored.
   * Either all are written or none.
   *
   * @throws IllegalArgumentException if an event's details cannot be recorded; nothing was written
   * @throws AuditException if the database refused the rows; nothing was written
   */
  public List<AuditRecord> appendAll(List<AuditEvent> events) {
    if (events.isEmpty()) {
      return List.of();
    }
    return append(events, null);
  }

  /**
   * Appends {@code events} as {@link #appendAll} does, in one transaction with what {@code write}
   * writes on the handle it is given, which it runs first: the caller's rows and the events that
   * record them are committed together or not at all. For the gateway's results, an event each,
   * thousands at a time: one commit instead of two. Other appends wait while {@code write} runs.
   *
   * @throws IllegalArgumentException if an event's details cannot be recorded; nothing was written
   * @throws AuditException if the database refused the events; nothing was written
   * @throws RuntimeException what {@code write} threw; nothing was written
   */
  public List<AuditRecord> appendAllWith(List<AuditEvent> events, Consumer<Handle> write) {
    Objects.requireNonNull(write, "write");
    if (events.isEmpty()) {
      jdbi.useTransaction(write::accept);
      return List.of();
    }
    return append(events, write);
  }

  private List<AuditRecord> append(List<AuditEvent> events, Consumer<Handle> write) {
    // Redaction and canonical JSON need no lock: do them before taking it.
    List<String> details = new ArrayList<>(events.size());
    for (AuditEvent event : events) {
      details.add(AuditDetails.canonicalJson(Redaction.redact(event.details())));
    }
    appendLock.lock();
    try {
      ChainHead previous = currentHead();
      List<AuditRecord> rows = new ArrayList<>(events.size());
      for (int i = 0; i < events.size(); i++) {
        AuditEvent event = events.get(i);
        long seq = previous.seq() + 1;
        // Millisecond precision: what is hashed is exactly what the column keeps.
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String hash = ChainHash.of(seq, at.toEpochMilli(), event.actor(), event.action(), event.subject(),
            event.partition(), details.get(i), previous.hash());
        rows.add(new AuditRecord(seq, at, event.actor(), event.action(), event.subject(), event.partition(),
            details.get(i), previous.hash(), hash));
        previous = new ChainHead(seq, hash);
      }
      if (write == null) {
        try {
          dao.insert(rows);
        } catch (RuntimeException e) {
          throw failure(rows, e);
        }
      } else {
        boolean[] written = {false}; // whether a failure is the caller's or the audit log's
        try {
          jdbi.useTransaction(handle -> {
            write.accept(handle);
            written[0] = true;
            dao.insert(handle, rows);
          });
        } catch (RuntimeException e) {
          throw written[0] ? failure(rows, e) : e;
        }
      }
      head = previous;
      return rows;
    } catch (RuntimeException e) {
      head = null; // the next append reads the head back from the database
      throw e;
    } finally {
      appendLock.unlock();
    }
  }

  /** The newest committed row's seq and hash ({@link ChainHead#EMPTY} for an empty log). */
  public ChainHead head() {
    appendLock.lock();
    try {
      return currentHead();
    } finally {
      appendLock.unlock();
    }
  }

  /** Stored rows matching {@code query}, ascending by seq. */
  public List<AuditRecord> list(AuditQuery query) {
    return dao.find(query);
  }

  AuditDao dao() {
    return dao;
  }

  private ChainHead currentHead() {
    if (head == null) {
      head = dao.lastRow().orElse(ChainHead.EMPTY);
    }
    return head;
  }

  private static AuditException failure(List<AuditRecord> rows, RuntimeException cause) {
    String range = rows.size() == 1 ? "seq " + rows.get(0).seq()
        : "seq " + rows.get(0).seq() + ".." + rows.get(rows.size() - 1).seq();
    if (isDuplicateKey(cause)) {
      LOG.error("Audit {} already exists: another process is appending to the same audit log."
          + " Only one orchestrator process may write to a database.", range);
      return new AuditException("audit " + range + " was written by another process; only one orchestrator"
          + " process may append to the audit log of a database", cause);
    }
    return new AuditException("could not append audit " + range + ": " + cause.getMessage(), cause);
  }

  private static boolean isDuplicateKey(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
