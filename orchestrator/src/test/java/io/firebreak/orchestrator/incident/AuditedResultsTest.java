package io.firebreak.orchestrator.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.orchestrator.audit.AuditActions;
import io.firebreak.orchestrator.audit.AuditEvent;
import io.firebreak.orchestrator.audit.AuditException;
import io.firebreak.orchestrator.audit.AuditLog;
import io.firebreak.orchestrator.audit.AuditQuery;
import io.firebreak.orchestrator.audit.AuditRecord;
import io.firebreak.orchestrator.gateway.HostOutcome;
import io.firebreak.orchestrator.gateway.RecordedResult;
import io.firebreak.orchestrator.gateway.ResultRecorder.Batch;
import io.firebreak.orchestrator.storage.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditedResultsTest {
  @TempDir Path dir;
  Jdbi jdbi;
  HostResultDao results;
  AuditLog audit;
  AuditedResults recorder;

  @BeforeEach
  void setUp() {
    jdbi = TestDatabase.create(dir);
    results = new HostResultDao(jdbi);
    audit = new AuditLog(jdbi, Clock.fixed(Instant.parse("2026-11-30T05:00:00Z"), ZoneOffset.UTC));
    recorder = new AuditedResults(results, audit);
  }

  @Test
  void recordAll_storesEveryResult_andAuditsEachHost_inBatchOrder() {
    recorder.recordAll(List.of(
        new Batch("inc-1", "isolate", "isolate-host", List.of(result("web-1"), result("web-2"))),
        new Batch("inc-2", "rotate", "rotate-credential", List.of(result("db-1")))));

    assertThat(results.outcomeCounts("inc-1")).isEqualTo(Map.of("isolate.succeeded", 2));
    assertThat(results.outcomeCounts("inc-2")).isEqualTo(Map.of("rotate.succeeded", 1));
    List<AuditRecord> events = audit.list(new AuditQuery(0, 10, null, "gateway", AuditActions.COMMAND_RESULT));
    assertThat(events).extracting(AuditRecord::subject).containsExactly("inc-1", "inc-1", "inc-2");
    assertThat(events.get(2).details()).contains("\"action\":\"rotate-credential\"", "\"host\":\"db-1\"",
        "\"outcome\":\"succeeded\"", "\"commandId\":\"cmd-db-1\"", "\"sentAt\":\"2023-11-14T22:13:20Z\"");
    assertThat(events.get(2).partition()).isEqualTo("blue");
  }

  @Test
  void aBatchTheResultsTableRefuses_isNotAudited() {
    Batch bad = new Batch("inc-1", "isolate", "isolate-host", List.of(
        new RecordedResult("web-1", null, "cmd-web-1", HostOutcome.SUCCEEDED, "ok", false, Map.of(), 1, 2)));

    assertThatThrownBy(() -> recorder.recordAll(List.of(bad))).hasMessageContaining("could not record");
    assertThat(audit.list(AuditQuery.page(0, 10))).isEmpty();
  }

  @Test
  void resultsWhoseEventsTheAuditLogRefuses_areNotRecordedEither_andARetryRecordsBoth() {
    audit.append(AuditEvent.of("system", AuditActions.LOGIN, "someone"));
    // Another process takes the next seq behind this log's back: the events are refused.
    new AuditLog(jdbi, Clock.systemUTC()).append(AuditEvent.of("other", AuditActions.LOGIN, "someone"));
    List<Batch> batch = List.of(new Batch("inc-1", "isolate", "isolate-host", List.of(result("web-1"))));

    assertThatThrownBy(() -> recorder.recordAll(batch)).isInstanceOf(AuditException.class);
    assertThat(results.count("inc-1")).isZero();

    recorder.recordAll(batch);
    assertThat(results.count("inc-1")).isEqualTo(1);
    assertThat(audit.list(new AuditQuery(0, 10, "inc-1", null, null))).hasSize(1);
  }

  private static RecordedResult result(String host) {
    return new RecordedResult(host, "blue", "cmd-" + host, HostOutcome.SUCCEEDED, "done", false, Map.of(),
        1_700_000_000_000L, 1_700_000_000_100L);
  }
}
