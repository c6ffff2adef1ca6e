package io.firebreak.orchestrator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.orchestrator.storage.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each test tampers with the tables by raw SQL and expects the exact first broken link. */
class AuditVerifierTest {
  @TempDir Path dir;
  Jdbi jdbi;
  AuditLog log;
  AuditSigningKey key;
  AuditCheckpointer checkpointer;
  AuditVerifier verifier;

  @BeforeEach
  void setUp() throws Exception {
    jdbi = TestDatabase.create(dir);
    log = new AuditLog(jdbi, Clock.systemUTC());
    key = AuditSigningKey.openOrCreate(dir.resolve("data"));
    checkpointer = new AuditCheckpointer(log, key, Duration.ofMinutes(1), Clock.systemUTC());
    // A small page size, so every test also crosses page boundaries.
    verifier = new AuditVerifier(jdbi, key.publicKey(), 7);
  }

  @Test
  void verify_intactChain_isOkAndReportsHeadCheckpointsAndKey() {
    append(20);
    checkpointer.checkpoint();
    append(30);
    checkpointer.checkpoint();

    AuditVerification result = verifier.verify();

    assertThat(result.ok()).isTrue();
    assertThat(result.brokenAt()).isNull();
    assertThat(result.checkedRows()).isEqualTo(50);
    assertThat(result.head()).isEqualTo(log.head());
    assertThat(result.head().seq()).isEqualTo(50);
    assertThat(result.checkpoints().count()).isEqualTo(2);
    assertThat(result.checkpoints().lastSeq()).isEqualTo(50);
    assertThat(result.keyId()).isEqualTo(key.keyId()).startsWith("audit:");
    assertThat(result.publicKey()).contains("-----BEGIN PUBLIC KEY-----");
  }

  @Test
  void verify_emptyLog_isOk() {
    AuditVerification result = verifier.verify();

    assertThat(result.ok()).isTrue();
    assertThat(result.checkedRows()).isZero();
    assertThat(result.head()).isEqualTo(ChainHead.EMPTY);
    assertThat(result.checkpoints().lastSeq()).isNull();
  }

  @Test
  void verify_changedDetailsValue_isAHashMismatchAtThatRow() {
    append(30);
    sql("UPDATE audit_events SET details = REPLACE(details, '\"web-17\"', '\"web-99\"') WHERE seq = 17");

    assertBroken(17, "hash mismatch", 16);
  }

  @Test
  void verify_changedActor_isAHashMismatchAtThatRow() {
    append(30);
    sql("UPDATE audit_events SET actor = 'mallory' WHERE seq = 23");

    assertBroken(23, "hash mismatch", 22);
  }

  @Test
  void verify_rowChangedWithItsOwnHashRecomputed_breaksTheNextRowsLink() {
    append(30);
    AuditRecord row = row(12);
    String details = row.details().replace("web-12", "web-99");
    sql("UPDATE audit_events SET details = ?, hash = ? WHERE seq = 12", details,
        ChainHash.of(12, row.at().toEpochMilli(), row.actor(), row.action(), row.subject(), row.partition(),
            details, row.prevHash()));

    assertBroken(13, "prev_hash does not match previous row", 12);
  }

  @Test
  void verify_deletedMiddleRow_isAGap() {
    append(60);
    sql("DELETE FROM audit_events WHERE seq = 41");

    assertBroken(41, "gap: seq 41 missing", 40);
  }

  @Test
  void verify_deletedFirstRow_isAGapAtSeqOne() {
    append(5);
    sql("DELETE FROM audit_events WHERE seq = 1");

    assertBroken(1, "gap: seq 1 missing", 0);
  }

  @Test
  void verify_deletedLastRowCoveredByACheckpoint_isAGap() {
    append(50);
    checkpointer.checkpoint();
    sql("DELETE FROM audit_events WHERE seq = 50");

    assertBroken(50, "gap: seq 50 missing", 49);
  }

  @Test
  void verify_deletedLastRowsAfterTheLastCheckpoint_areNotDetectable() {
    // The documented limit: the chain alone cannot tell a truncated log from a shorter one.
    append(50);
    checkpointer.checkpoint();
    append(5);
    sql("DELETE FROM audit_events WHERE seq > 52");

    AuditVerification result = verifier.verify();

    assertThat(result.ok()).isTrue();
    assertThat(result.checkedRows()).isEqualTo(52);
  }

  @Test
  void verify_swappedRows_isAHashMismatchAtTheFirstOfThem() {
    append(40);
    AuditRecord first = row(30);
    AuditRecord second = row(31);
    overwrite(30, second);
    overwrite(31, first);

    assertBroken(30, "hash mismatch", 29);
  }

  @Test
  void verify_chainRewrittenWithRecomputedHashes_isCaughtByTheCheckpoint() {
    append(20);
    checkpointer.checkpoint();
    append(30);
    checkpointer.checkpoint();
    rewriteFrom(35, "web-35", "web-99");

    // Every link holds after the rewrite; only the signed head at seq 50 disagrees.
    assertBroken(50, "checkpoint at seq 50 signed hash differs from the chain", 49);
  }

  @Test
  void verify_chainAndCheckpointHashRewritten_isAnInvalidSignature() {
    append(50);
    checkpointer.checkpoint();
    rewriteFrom(35, "web-35", "web-99");
    sql("UPDATE audit_checkpoints SET hash = ? WHERE seq = 50", row(50).hash());

    assertBroken(50, "checkpoint signature invalid", 49);
  }

  @Test
  void verify_tamperedCheckpointSignature_isAnInvalidSignature() {
    append(20);
    checkpointer.checkpoint();
    append(10);
    checkpointer.checkpoint();
    byte[] forged = key.sign("something else".getBytes());
    sql("UPDATE audit_checkpoints SET signature = ? WHERE seq = 20", Base64.getEncoder().encodeToString(forged));

    assertBroken(20, "checkpoint signature invalid", 19);
  }

  @Test
  void verify_checkpointsOfAnotherKey_areInvalidSignatures() throws Exception {
    append(10);
    checkpointer.checkpoint();
    AuditSigningKey other = AuditSigningKey.openOrCreate(dir.resolve("other"));

    AuditVerification result = new AuditVerifier(jdbi, other.publicKey()).verify();

    assertThat(result.brokenAt()).isEqualTo(new AuditVerification.BrokenLink(10, "checkpoint signature invalid"));
  }

  private void assertBroken(long seq, String reason, long checkedRows) {
    AuditVerification result = verifier.verify();
    assertThat(result.ok()).isFalse();
    assertThat(result.brokenAt()).isEqualTo(new AuditVerification.BrokenLink(seq, reason));
    assertThat(result.checkedRows()).isEqualTo(checkedRows);
  }

  /** Appends {@code count} events, host web-SEQ each: batches, with every fifth appended alone. */
  private void append(int count) {
    long next = log.head().seq() + 1;
    List<AuditEvent> batch = new ArrayList<>();
    for (long seq = next; seq < next + count; seq++) {
      AuditEvent event = new AuditEvent("responder-" + (seq % 3), AuditActions.COMMAND_SENT, "inc-1", "blue",
          Map.of("host", "web-" + seq, "attempt", 1));
      if (seq % 5 == 0) {
        log.appendAll(batch);
        batch.clear();
        log.append(event);
      } else {
        batch.add(event);
      }
    }
    log.appendAll(batch);
  }

  /** Changes one row and recomputes every hash from there on, as an attacker with the code would. */
  private void rewriteFrom(long seq, String from, String to) {
    String previous = row(seq - 1).hash();
    for (long current = seq; current <= log.head().seq(); current++) {
      AuditRecord row = row(current);
      String details = row.details().replace(from, to);
      String hash = ChainHash.of(current, row.at().toEpochMilli(), row.actor(), row.action(), row.subject(),
          row.partition(), details, previous);
      sql("UPDATE audit_events SET details = ?, prev_hash = ?, hash = ? WHERE seq = ?", details, previous, hash,
          current);
      previous = hash;
    }
  }

  /** Writes every column of {@code content} except seq into row {@code seq}. */
  private void overwrite(long seq, AuditRecord content) {
    sql("UPDATE audit_events SET at = ?, actor = ?, action = ?, subject = ?, partition_name = ?, details = ?,"
            + " prev_hash = ?, hash = ? WHERE seq = ?",
        content.at().atOffset(ZoneOffset.UTC), content.actor(), content.action(), content.subject(),
        content.partition(), content.details(), content.prevHash(), content.hash(), seq);
  }

  private AuditRecord row(long seq) {
    return log.list(AuditQuery.page(seq - 1, 1)).get(0);
  }

  private void sql(String sql, Object... arguments) {
    jdbi.useHandle((Handle handle) -> handle.execute(sql, arguments));
  }
}
