package io.firebreak.orchestrator.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.orchestrator.gateway.HostOutcome;
import io.firebreak.orchestrator.gateway.RecordedResult;
import io.firebreak.orchestrator.gateway.ResultRecorder;
import io.firebreak.orchestrator.storage.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostResultDaoTest {
  @TempDir Path dir;
  HostResultDao dao;

  @BeforeEach
  void setUp() {
    dao = new HostResultDao(TestDatabase.create(dir));
  }

  @Test
  void record_keepsEveryFieldOfAResult() {
    dao.record("inc-1", "isolate", "isolate", List.of(new RecordedResult("web-1", "blue", "cmd-1",
        HostOutcome.SUCCEEDED, "isolated", true, Map.of("rules", "3"), 1_700_000_000_000L, 1_700_000_000_250L)));

    assertThat(dao.list("inc-1")).containsExactly(new HostResultDao.Row("isolate", "web-1", "blue", "isolate",
        "cmd-1", "succeeded", "isolated", true, Map.of("rules", "3"), Instant.ofEpochMilli(1_700_000_000_000L),
        Instant.ofEpochMilli(1_700_000_000_250L)));
  }

  @Test
  void aRetriedAttemptRecordingAgain_overwritesItsRows_andAddsTheNewOnes() {
    dao.record("inc-1", "isolate", "isolate", List.of(
        result("web-1", HostOutcome.SUCCEEDED), result("web-2", HostOutcome.UNREACHABLE)));

    // The retry's batch overlaps what the first attempt wrote before it died.
    dao.record("inc-1", "isolate", "isolate", List.of(
        result("web-2", HostOutcome.SUCCEEDED), result("web-3", HostOutcome.FAILED)));

    assertThat(dao.list("inc-1")).extracting(HostResultDao.Row::hostId, HostResultDao.Row::outcome).containsExactly(
        org.assertj.core.groups.Tuple.tuple("web-1", "succeeded"),
        org.assertj.core.groups.Tuple.tuple("web-2", "succeeded"),
        org.assertj.core.groups.Tuple.tuple("web-3", "failed"));
    assertThat(dao.outcomeCounts("inc-1")).isEqualTo(Map.of("isolate.succeeded", 2, "isolate.failed", 1));
  }

  @Test
  void aBatchWithABadRow_failsWhole_andIsNotTakenForARetry() {
    List<RecordedResult> batch = List.of(result("web-1", HostOutcome.SUCCEEDED),
        new RecordedResult("web-2", null, "cmd-web-2", HostOutcome.SUCCEEDED, "ok", false, Map.of(), 1, 2));

    assertThatThrownBy(() -> dao.record("inc-1", "isolate", "isolate", batch))
        .isInstanceOf(UnableToExecuteStatementException.class).hasMessageContaining("could not record 2 results");
    assertThat(dao.list("inc-1")).as("nothing half-written").isEmpty();
  }

  @Test
  void recordAll_writesTheBatchesOfSeveralIncidentsTogether_andOverwritesWhatARetryRecordsAgain() {
    dao.record("inc-1", "isolate", "isolate", List.of(result("web-1", HostOutcome.UNREACHABLE)));

    dao.recordAll(List.of(
        new ResultRecorder.Batch("inc-1", "isolate", "isolate", List.of(result("web-1", HostOutcome.SUCCEEDED))),
        new ResultRecorder.Batch("inc-2", "rotate", "rotate-credential", List.of(result("db-1", HostOutcome.FAILED)))));

    assertThat(dao.outcomeCounts("inc-1")).isEqualTo(Map.of("isolate.succeeded", 1));
    assertThat(dao.list("inc-2")).extracting(HostResultDao.Row::action, HostResultDao.Row::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("rotate-credential", "failed"));
  }

  @Test
  void recordAll_withABadRowInOneBatch_writesNoBatch() {
    List<ResultRecorder.Batch> batches = List.of(
        new ResultRecorder.Batch("inc-1", "isolate", "isolate", List.of(result("web-1", HostOutcome.SUCCEEDED))),
        new ResultRecorder.Batch("inc-2", "isolate", "isolate", List.of(
            new RecordedResult("web-2", null, "cmd-web-2", HostOutcome.SUCCEEDED, "ok", false, Map.of(), 1, 2))));

    assertThatThrownBy(() -> dao.recordAll(batches)).isInstanceOf(UnableToExecuteStatementException.class)
        .hasMessageContaining("could not record 2 results of 2 batches");
    assertThat(dao.list("inc-1")).isEmpty();
    assertThat(dao.list("inc-2")).isEmpty();
  }

  @Test
  void aResultWithoutTimes_isStoredWithout() {
    dao.record("inc-1", "isolate", "isolate", List.of(new RecordedResult("web-1", "blue", "cmd-1",
        HostOutcome.UNREACHABLE, "not connected", false, Map.of(), 0, 0)));

    HostResultDao.Row row = dao.list("inc-1").get(0);
    assertThat(row.startedAt()).isNull();
    assertThat(row.finishedAt()).isNull();
    assertThat(row.evidence()).isEmpty();
  }

  private static RecordedResult result(String host, HostOutcome outcome) {
    return new RecordedResult(host, "blue", "cmd-" + host, outcome, outcome.name(), false, Map.of(),
        1_700_000_000_000L, 1_700_000_000_100L);
  }
}
