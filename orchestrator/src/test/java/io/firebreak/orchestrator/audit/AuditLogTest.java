package io.firebreak.orchestrator.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.orchestrator.storage.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  static final Instant NOW = Instant.parse("2026-11-24T10:00:00.123456Z");

  @TempDir Path dir;
  Jdbi jdbi;
  AuditLog log;
  AuditVerifier verifier;

  @BeforeEach
  void setUp() throws Exception {
    jdbi = TestDatabase.create(dir);
    log = new AuditLog(jdbi, Clock.fixed(NOW, ZoneOffset.UTC));
    verifier = new AuditVerifier(jdbi, AuditSigningKey.openOrCreate(dir.resolve("data")).publicKey());
  }

  @Test
  void append_startsAtSeqOneFromTheGenesisHashAndStoresWhatItHashed() {
    AuditRecord first = log.append(AuditEvent.of("alice", AuditActions.LOGIN, "alice"));
    AuditRecord second = log.append(new AuditEvent("alert:alert-1", AuditActions.INCIDENT_OPENED, "inc-7", "blue",
        Map.of("playbook", "contain-host")));

    assertThat(first.seq()).isEqualTo(1);
    assertThat(first.prevHash()).isEqualTo("0".repeat(64));
    assertThat(first.at()).isEqualTo(Instant.parse("2026-11-24T10:00:00.123Z"));
    assertThat(second.seq()).isEqualTo(2);
    assertThat(second.prevHash()).isEqualTo(first.hash());
    assertThat(log.head()).isEqualTo(new ChainHead(2, second.hash()));
    assertThat(log.list(AuditQuery.page(0, 10))).containsExactly(first, second);
    assertThat(verifier.verify().ok()).isTrue();
  }

  @Test
  void appendAll_chainsTheBatchInListOrder() {
    log.append(AuditEvent.of("system", AuditActions.POLICY_LOADED, "policy"));
    List<AuditEvent> batch = new ArrayList<>();
    for (int host = 0; host < 500; host++) {
      batch.add(AuditEvent.of("system", AuditActions.COMMAND_RESULT, "inc-1").withDetail("host", "web-" + host));
    }

    List<AuditRecord> stored = log.appendAll(batch);

    assertThat(stored).extracting(AuditRecord::seq).startsWith(2L, 3L).endsWith(501L);
    assertThat(stored.get(0).details()).isEqualTo("{\"host\":\"web-0\"}");
    assertThat(stored.get(499).details()).isEqualTo("{\"host\":\"web-499\"}");
    AuditVerification result = verifier.verify();
    assertThat(result.ok()).isTrue();
    assertThat(result.checkedRows()).isEqualTo(501);
  }

  @Test
  void appendAll_withOneBadEvent_writesNothing() {
    List<AuditEvent> batch = List.of(
        AuditEvent.of("system", AuditActions.COMMAND_SENT, "inc-1"),
        AuditEvent.of("system", AuditActions.COMMAND_SENT, "inc-1").withDetail("when", new java.util.Date()));

    assertThatThrownBy(() -> log.appendAll(batch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("details.when: unsupported type java.util.Date");
    assertThat(log.head()).isEqualTo(ChainHead.EMPTY);
  }

  @Test
  void append_detailsAreCanonical_sortedKeysWithoutWhitespaceAtEveryDepth() {
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("zeta", 1);
    nested.put("alpha", List.of(true, 2.5, "x"));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("b", nested);
    details.put("a", null);
    details.put("count", 3L);

    AuditRecord stored = log.append(new AuditEvent("system", AuditActions.PLAN_RESOLVED, "inc-1", null, details));

    assertThat(stored.details()).isEqualTo("{\"a\":null,\"b\":{\"alpha\":[true,2.5,\"x\"],\"zeta\":1},\"count\":3}");
  }

  @Test
  void append_cutsLongStringsAndRefusesOversizedDetails() {
    AuditRecord stored = log.append(AuditEvent.of("system", AuditActions.COMMAND_RESULT, "inc-1")
        .withDetail("output", "x".repeat(10_000)));

    assertThat(stored.details()).hasSizeLessThan(4200).contains("…[cut 5904 characters]");
    Map<String, Object> large = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      large.put("part" + i, "y".repeat(4000));
    }
    assertThatThrownBy(() -> log.append(AuditEvent.of("system", AuditActions.COMMAND_RESULT, "inc-1")
        .withDetails(large)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 16384 are allowed");
    assertThat(log.head().seq()).isEqualTo(1);
  }

  @Test
  void event_refusesBlankActorAndMalformedAction() {
    assertThatThrownBy(() -> AuditEvent.of(" ", AuditActions.LOGIN, "alice"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("audit actor must not be blank");
    assertThatThrownBy(() -> AuditEvent.of("alice", "login; DROP", "alice"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must match");
  }

  @Test
  void list_filtersBySubjectActorAndActionAndPagesAscending() {
    log.append(AuditEvent.of("alice", AuditActions.INCIDENT_OPENED, "inc-1"));
    log.append(AuditEvent.of("bob", AuditActions.APPROVAL_DECIDED, "inc-1"));
    log.append(AuditEvent.of("alice", AuditActions.INCIDENT_OPENED, "inc-2"));
    log.append(AuditEvent.of("alice", AuditActions.INCIDENT_ENDED, "inc-1"));

    assertThat(log.list(new AuditQuery(0, 10, "inc-1", null, null))).extracting(AuditRecord::seq)
        .containsExactly(1L, 2L, 4L);
    assertThat(log.list(new AuditQuery(0, 10, "inc-1", "alice", null))).extracting(AuditRecord::seq)
        .containsExactly(1L, 4L);
    assertThat(log.list(new AuditQuery(0, 10, null, null, AuditActions.INCIDENT_OPENED)))
        .extracting(AuditRecord::seq).containsExactly(1L, 3L);
    assertThat(log.list(AuditQuery.page(1, 2))).extracting(AuditRecord::seq).containsExactly(2L, 3L);
  }

  @Test
  void append_fromEightThreads_givesOneChainWithoutGaps_verifiableWhileItGrows() throws Exception {
    AuditCheckpointer checkpointer = new AuditCheckpointer(log, AuditSigningKey.openOrCreate(dir.resolve("data")),
        Duration.ofMinutes(1), Clock.systemUTC());
    ExecutorService threads = Executors.newFixedThreadPool(8);
    List<AuditVerification> duringAppends = new ArrayList<>();
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int thread = 0; thread < 8; thread++) {
        String actor = "writer-" + thread;
        writers.add(threads.submit(() -> {
          for (int i = 0; i < 1000; i++) {
            log.append(AuditEvent.of(actor, AuditActions.COMMAND_SENT, "inc-1").withDetail("i", i));
          }
        }));
      }
      // Checkpoints and verifications race with the writers: each must see a consistent chain.
      while (writers.stream().anyMatch(writer -> !writer.isDone())) {
        checkpointer.checkpoint();
        duringAppends.add(verifier.verify());
      }
      for (Future<?> writer : writers) {
        writer.get();
      }
    } finally {
      threads.shutdown();
    }

    assertThat(duringAppends).isNotEmpty().allSatisfy(during -> assertThat(during.brokenAt()).isNull());

    AuditVerification result = verifier.verify();
    assertThat(result.ok()).as("%s", result.brokenAt()).isTrue();
    assertThat(result.checkedRows()).isEqualTo(8000);
    assertThat(result.head().seq()).isEqualTo(8000);
    long distinct = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(DISTINCT seq) FROM audit_events")
        .mapTo(Long.class).one());
    assertThat(distinct).isEqualTo(8000);
  }

  @Test
  void append_afterAnotherProcessAppended_failsLoudlyAndNeverForksTheChain() {
    log.appendAll(List.of(AuditEvent.of("a", AuditActions.LOGIN, "a"), AuditEvent.of("a", AuditActions.LOGOUT, "a")));
    AuditLog secondProcess = new AuditLog(jdbi, Clock.systemUTC());
    secondProcess.append(AuditEvent.of("b", AuditActions.LOGIN, "b"));

    // This log's cached head is seq 2; seq 3 is taken: the whole batch is refused.
    assertThatThrownBy(() -> log.appendAll(List.of(AuditEvent.of("a", AuditActions.TOKEN_USED, "tok-1"),
        AuditEvent.of("a", AuditActions.TOKEN_USED, "tok-1"))))
        .isInstanceOf(AuditException.class)
        .hasMessage("audit seq 3..4 was written by another process; only one orchestrator process may append"
            + " to the audit log of a database");
    assertThat(log.list(AuditQuery.page(0, 10))).extracting(AuditRecord::actor).containsExactly("a", "a", "b");

    // The next append re-reads the head and chains onto the other process's row.
    assertThat(log.append(AuditEvent.of("a", AuditActions.TOKEN_USED, "tok-1")).seq()).isEqualTo(4);
    assertThat(verifier.verify().ok()).isTrue();
  }

  @Test
  void appendAllWith_commitsTheCallersRowsAndTheEventsTogether() {
    jdbi.useHandle(h -> h.execute("CREATE TABLE notes (id INT PRIMARY KEY)"));

    List<AuditRecord> stored = log.appendAllWith(List.of(AuditEvent.of("a", AuditActions.LOGIN, "a")),
        handle -> handle.execute("INSERT INTO notes VALUES (1)"));

    assertThat(stored).extracting(AuditRecord::seq).containsExactly(1L);
    assertThat(notes()).isEqualTo(1);
    assertThat(log.list(AuditQuery.page(0, 10))).hasSize(1);
  }

  @Test
  void appendAllWith_whenTheCallersWriteFails_writesNoEvent_andThrowsTheCallersError() {
    jdbi.useHandle(h -> h.execute("CREATE TABLE notes (id INT PRIMARY KEY)"));
    log.append(AuditEvent.of("a", AuditActions.LOGIN, "a"));

    assertThatThrownBy(() -> log.appendAllWith(List.of(AuditEvent.of("a", AuditActions.LOGOUT, "a")), handle -> {
      handle.execute("INSERT INTO notes VALUES (1)");
      throw new IllegalStateException("the caller's own failure");
    })).isInstanceOf(IllegalStateException.class).hasMessage("the caller's own failure");

    assertThat(notes()).isZero();
    assertThat(log.list(AuditQuery.page(0, 10))).extracting(AuditRecord::seq).containsExactly(1L);
    assertThat(log.append(AuditEvent.of("a", AuditActions.LOGOUT, "a")).seq()).isEqualTo(2);
    assertThat(verifier.verify().ok()).isTrue();
  }

  @Test
  void appendAllWith_whenTheEventsAreRefused_rollsBackTheCallersRows() {
    jdbi.useHandle(h -> h.execute("CREATE TABLE notes (id INT PRIMARY KEY)"));
    log.append(AuditEvent.of("a", AuditActions.LOGIN, "a"));
    new AuditLog(jdbi, Clock.systemUTC()).append(AuditEvent.of("b", AuditActions.LOGIN, "b"));

    // This log's cached head is seq 1; seq 2 is taken by the other process.
    assertThatThrownBy(() -> log.appendAllWith(List.of(AuditEvent.of("a", AuditActions.LOGOUT, "a")),
        handle -> handle.execute("INSERT INTO notes VALUES (1)")))
        .isInstanceOf(AuditException.class)
        .hasMessageContaining("audit seq 2 was written by another process");

    assertThat(notes()).isZero();
    // The next attempt re-reads the head: the rows and their event land together.
    log.appendAllWith(List.of(AuditEvent.of("a", AuditActions.LOGOUT, "a")),
        handle -> handle.execute("INSERT INTO notes VALUES (1)"));
    assertThat(notes()).isEqualTo(1);
    assertThat(log.list(AuditQuery.page(0, 10))).extracting(AuditRecord::seq).containsExactly(1L, 2L, 3L);
    assertThat(verifier.verify().ok()).isTrue();
  }

  private int notes() {
    return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM notes").mapTo(Integer.class).one());
  }
}
