package io.firebreak.orchestrator.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.orchestrator.storage.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCheckpointerTest {
  @TempDir Path dir;
  Jdbi jdbi;
  AuditLog log;
  AuditSigningKey key;

  @BeforeEach
  void setUp() throws Exception {
    jdbi = TestDatabase.create(dir);
    log = new AuditLog(jdbi, Clock.systemUTC());
    key = AuditSigningKey.openOrCreate(dir.resolve("data"));
  }

  @Test
  void checkpoint_signsTheHeadOnceAndSkipsUntilItMoves() {
    AuditCheckpointer checkpointer = new AuditCheckpointer(log, key, Duration.ofMinutes(1), Clock.systemUTC());
    assertThat(checkpointer.checkpoint()).as("empty log").isEmpty();
    log.append(AuditEvent.of("alice", AuditActions.LOGIN, "alice"));

    AuditCheckpoint first = checkpointer.checkpoint().orElseThrow();

    assertThat(first.seq()).isEqualTo(1);
    assertThat(first.hash()).isEqualTo(log.head().hash());
    assertThat(first.keyId()).isEqualTo(key.keyId());
    assertThat(key.publicKey().verify(ChainHash.checkpointPayload(1, first.hash(), first.keyId(),
        first.at().toEpochMilli()), Base64.getDecoder().decode(first.signature()))).isTrue();
    assertThat(checkpointer.checkpoint()).isEmpty();
    // A new checkpointer (a restart) reads the newest checkpoint instead of signing it again.
    assertThat(new AuditCheckpointer(log, key, Duration.ofMinutes(1), Clock.systemUTC()).checkpoint()).isEmpty();
    log.append(AuditEvent.of("alice", AuditActions.LOGOUT, "alice"));
    assertThat(checkpointer.checkpoint()).hasValueSatisfying(next -> assertThat(next.seq()).isEqualTo(2));
    assertThat(count()).isEqualTo(2);
  }

  @Test
  void start_signsEveryIntervalAndStop_signsTheFinalHead() throws Exception {
    AuditCheckpointer checkpointer = new AuditCheckpointer(log, key, Duration.ofMillis(50), Clock.systemUTC());
    log.append(AuditEvent.of("alice", AuditActions.LOGIN, "alice"));
    checkpointer.start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (count() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(count()).isEqualTo(1);
      log.append(AuditEvent.of("alice", AuditActions.LOGOUT, "alice"));
    } finally {
      checkpointer.stop();
    }

    assertThat(log.dao().lastCheckpoint()).hasValueSatisfying(last -> assertThat(last.seq()).isEqualTo(2));
    assertThat(new AuditVerifier(jdbi, key.publicKey()).verify().ok()).isTrue();
  }

  @Test
  void stop_withALongInterval_stillSignsTheHead() throws Exception {
    AuditCheckpointer checkpointer = new AuditCheckpointer(log, key, Duration.ofHours(1), Clock.systemUTC());
    checkpointer.start();
    log.append(AuditEvent.of("alice", AuditActions.LOGIN, "alice"));

    checkpointer.stop();

    assertThat(log.dao().lastCheckpoint()).hasValueSatisfying(last -> assertThat(last.seq()).isEqualTo(1));
  }

  @Test
  void openOrCreate_writesAnOwnerOnlyPrivateKeyAndAPublicKeyAuditorsCanRead() throws Exception {
    Path data = dir.resolve("data");

    assertThat(Files.getPosixFilePermissions(data.resolve(AuditSigningKey.PRIVATE_KEY_FILE)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    AuditPublicKey exported = AuditPublicKey.read(data.resolve(AuditSigningKey.PUBLIC_KEY_FILE));
    assertThat(exported.keyId()).isEqualTo(key.keyId());
    byte[] payload = "checkpoint".getBytes();
    assertThat(exported.verify(payload, key.sign(payload))).isTrue();
    assertThat(exported.verify(payload, key.sign("other".getBytes()))).isFalse();

    Files.delete(data.resolve(AuditSigningKey.PUBLIC_KEY_FILE));
    assertThat(AuditSigningKey.openOrCreate(data).keyId()).as("reloaded").isEqualTo(key.keyId());
    assertThat(AuditPublicKey.read(data.resolve(AuditSigningKey.PUBLIC_KEY_FILE)).keyId()).isEqualTo(key.keyId());
  }

  @Test
  void openOrCreate_refusesAPrivateKeyOthersCanRead() throws Exception {
    Path data = dir.resolve("data");
    Files.setPosixFilePermissions(data.resolve(AuditSigningKey.PRIVATE_KEY_FILE),
        PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> AuditSigningKey.openOrCreate(data))
        .isInstanceOf(IOException.class)
        .hasMessageEndingWith("audit-key.pem: private key is readable by others (mode rw-r--r--); chmod 600 it");
  }

  private long count() {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM audit_checkpoints").mapTo(Long.class).one());
  }
}
