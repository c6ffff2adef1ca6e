package io.firebreak.orchestrator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.orchestrator.storage.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcConnectionPool;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures appends per second in batches of 500 (per-host command events) on an H2 file database
 * behind a connection pool, as the server runs it, and the verifier's rows per second. Prints the
 * rates; asserts only correctness. {@code -Daudit.rows=1000000} runs a bigger log.
 */
class AuditThroughputTest {
  @TempDir Path dir;

  @Test
  void appendAll_batchesOf500_andVerify() throws Exception {
    int rows = Integer.getInteger("audit.rows", 20_000);
    String url = "jdbc:h2:file:" + dir.resolve("throughput").toAbsolutePath() + ";DB_CLOSE_DELAY=-1";
    Database.migrate(url, "sa", "");
    JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
    try {
      Jdbi jdbi = Jdbi.create(pool);
      AuditLog log = new AuditLog(jdbi, Clock.systemUTC());
      AuditSigningKey key = AuditSigningKey.openOrCreate(dir.resolve("data"));
      appendBatches(log, 2_000); // warm-up: JIT, connection pool, first pages

      long start = System.nanoTime();
      appendBatches(log, rows);
      double appendSeconds = (System.nanoTime() - start) / 1e9;
      new AuditCheckpointer(log, key, java.time.Duration.ofMinutes(1), Clock.systemUTC()).checkpoint();

      start = System.nanoTime();
      AuditVerification result = new AuditVerifier(jdbi, key.publicKey()).verify();
      double verifySeconds = (System.nanoTime() - start) / 1e9;

      long singles = 500;
      start = System.nanoTime();
      for (int i = 0; i < singles; i++) {
        log.append(event(i));
      }
      double singleSeconds = (System.nanoTime() - start) / 1e9;

      System.out.printf("AUDIT THROUGHPUT: %,d events in batches of 500: %,.0f appends/s;"
              + " single appends: %,.0f appends/s; verify: %,d rows in %.2f s (%,.0f rows/s)%n",
          rows, rows / appendSeconds, singles / singleSeconds, result.checkedRows(), verifySeconds,
          result.checkedRows() / verifySeconds);
      assertThat(result.ok()).isTrue();
      assertThat(result.checkedRows()).isEqualTo(rows + 2_000);
    } finally {
      pool.dispose();
    }
  }

  private static void appendBatches(AuditLog log, int count) {
    List<AuditEvent> batch = new ArrayList<>(500);
    for (int i = 0; i < count; i++) {
      batch.add(event(i));
      if (batch.size() == 500) {
        log.appendAll(batch);
        batch.clear();
      }
    }
    log.appendAll(batch);
  }

  private static AuditEvent event(int host) {
    return new AuditEvent("system", AuditActions.COMMAND_RESULT, "inc-20261124-0001", "blue",
        Map.of("host", "web-" + host, "step", "isolate", "outcome", "SUCCEEDED", "durationMs", 21));
  }
}
