package io.firebreak.orchestrator.audit;

import io.firebreak.orchestrator.audit.AuditVerification.BrokenLink;
import io.firebreak.orchestrator.audit.AuditVerification.Checkpoints;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;
import org.jdbi.v3.core.Jdbi;

/**
 * Checks the audit chain from seq 1 to its head and reports the first broken link. Rows and
 * checkpoints are read in seq order one page at a time, so memory stays flat however long the log
 * is (a million rows are a thousand queries by primary key range).
 *
 * <p>For each row, in order: its seq must follow the previous one ({@code "gap: seq N missing"}),
 * its hash must match its fields ({@code "hash mismatch"}: a changed row), its prev_hash must be
 * the previous row's hash ({@code "prev_hash does not match previous row"}), and a checkpoint at
 * its seq must carry a valid signature by the audit key ({@code "checkpoint signature invalid"})
 * over this row's hash ({@code "checkpoint at seq N signed hash differs from the chain"}: the chain
 * was rewritten with recomputed hashes). A checkpoint past the last row reports the first missing
 * seq: the newest rows were deleted. Rows deleted from the end after the last checkpoint are not
 * detectable by the database alone.
 *
 * <p>Reads only; safe to run while events are appended and checkpoints written: it checks the
 * chain up to the head and the newest checkpoint as they were when it started. Thread-safe.
 */
public final class AuditVerifier {
  static final int PAGE_SIZE = 1000;

  private final AuditDao dao;
  private final AuditPublicKey key;
  private final int pageSize;

  /** A verifier of the audit tables behind {@code jdbi}, checking signatures with {@code key}. */
  public AuditVerifier(Jdbi jdbi, AuditPublicKey key) {
    this(jdbi, key, PAGE_SIZE);
  }

  AuditVerifier(Jdbi jdbi, AuditPublicKey key, int pageSize) {
    this.dao = new AuditDao(jdbi);
    this.key = key;
    this.pageSize = pageSize;
  }

  /**
   * Walks the chain as it was when the call started (rows appended meanwhile are left for the next
   * verification); see the class comment for what is checked.
   */
  public AuditVerification verify() {
    // The newest checkpoint first, then the head: untampered, the checkpoint never lies past the head.
    Optional<AuditCheckpoint> lastCheckpoint = dao.lastCheckpoint();
    ChainHead storedHead = dao.lastRow().orElse(ChainHead.EMPTY);
    long checkpointBound = lastCheckpoint.map(AuditCheckpoint::seq).orElse(0L);
    Checkpoints checkpoints = lastCheckpoint
        .map(last -> new Checkpoints(dao.checkpointCount(checkpointBound), last.seq(), last.hash()))
        .orElse(new Checkpoints(0, null, null));

    Paged<AuditCheckpoint> pending = new Paged<>(after -> dao.checkpoints(after, pageSize), AuditCheckpoint::seq,
        checkpointBound);
    Paged<AuditRecord> rows = new Paged<>(after -> dao.find(AuditQuery.page(after, Math.min(pageSize,
        AuditQuery.MAX_LIMIT))), AuditRecord::seq, storedHead.seq());
    ChainHead previous = ChainHead.EMPTY;
    long checked = 0;
    BrokenLink broken = null;
    while (broken == null && rows.hasNext()) {
      AuditRecord row = rows.next();
      broken = check(row, previous);
      while (broken == null && pending.hasNext() && pending.peek().seq() <= row.seq()) {
        broken = check(pending.next(), row);
      }
      if (broken == null) {
        checked++;
        previous = new ChainHead(row.seq(), row.hash());
      }
    }
    if (broken == null && pending.hasNext()) {
      // A checkpoint signed rows that are no longer there: the newest rows were deleted.
      broken = new BrokenLink(previous.seq() + 1, "gap: seq " + (previous.seq() + 1) + " missing");
    }
    return new AuditVerification(broken == null, checked, storedHead, checkpoints, broken, key.keyId(), key.pem());
  }

  private static BrokenLink check(AuditRecord row, ChainHead previous) {
    long expected = previous.seq() + 1;
    if (row.seq() != expected) {
      return new BrokenLink(expected, "gap: seq " + expected + " missing");
    }
    if (!ChainHash.of(row).equals(row.hash())) {
      return new BrokenLink(row.seq(), "hash mismatch");
    }
    if (!previous.hash().equals(row.prevHash())) {
      return new BrokenLink(row.seq(), "prev_hash does not match previous row");
    }
    return null;
  }

  private BrokenLink check(AuditCheckpoint checkpoint, AuditRecord row) {
    if (!key.keyId().equals(checkpoint.keyId()) || !signatureValid(checkpoint)) {
      return new BrokenLink(checkpoint.seq(), "checkpoint signature invalid");
    }
    if (checkpoint.seq() != row.seq() || !checkpoint.hash().equals(row.hash())) {
      return new BrokenLink(checkpoint.seq(),
          "checkpoint at seq " + checkpoint.seq() + " signed hash differs from the chain");
    }
    return null;
  }

  private boolean signatureValid(AuditCheckpoint checkpoint) {
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(checkpoint.signature());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return key.verify(ChainHash.checkpointPayload(checkpoint.seq(), checkpoint.hash(), checkpoint.keyId(),
        checkpoint.at().toEpochMilli()), signature);
  }

  /** Items up to a seq bound, read page by page in ascending seq order, with one item of look-ahead. */
  private static final class Paged<T> {
    private final LongFunction<List<T>> page;
    private final ToLongFunction<T> seqOf;
    private final long maxSeq;
    private Iterator<T> current = List.<T>of().iterator();
    private long afterSeq;
    private boolean exhausted;
    private T peeked;

    Paged(LongFunction<List<T>> page, ToLongFunction<T> seqOf, long maxSeq) {
      this.page = page;
      this.seqOf = seqOf;
      this.maxSeq = maxSeq;
    }

    boolean hasNext() {
      if (peeked != null) {
        return true;
      }
      if (!current.hasNext() && !exhausted) {
        List<T> items = page.apply(afterSeq);
        exhausted = items.isEmpty();
        current = items.iterator();
      }
      if (current.hasNext()) {
        T item = current.next();
        afterSeq = seqOf.applyAsLong(item);
        if (afterSeq > maxSeq) {
          exhausted = true;
          current = List.<T>of().iterator();
          return false;
        }
        peeked = item;
        return true;
      }
      return false;
    }

    T peek() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return peeked;
    }

    T next() {
      T item = peek();
      peeked = null;
      return item;
    }
  }
}
