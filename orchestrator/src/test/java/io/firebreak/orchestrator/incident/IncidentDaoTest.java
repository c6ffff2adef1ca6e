package io.firebreak.orchestrator.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.orchestrator.gateway.HostOutcome;
import io.firebreak.orchestrator.gateway.RecordedResult;
import io.firebreak.orchestrator.storage.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncidentDaoTest {
  @TempDir Path dir;
  IncidentDao incidents;
  HostResultDao results;

  @BeforeEach
  void setUp() {
    Jdbi jdbi = TestDatabase.create(dir);
    incidents = new IncidentDao(jdbi);
    results = new HostResultDao(jdbi);
  }

  @Test
  void claimKey_sameRunJoins_newRunOpensNewIncident() {
    assertThat(incidents.claimKey(record("inc-1", "key", "run-1"))).isFalse();
    assertThat(incidents.claimKey(record("inc-1", "key", "run-1"))).isTrue();
    // The first incident ended; signal-with-start started a new run for the same key.
    assertThat(incidents.claimKey(record("inc-2", "key", "run-2"))).isFalse();

    assertThat(incidents.list(null, 10)).extracting(IncidentRecord::incidentId).containsExactlyInAnyOrder("inc-1", "inc-2");
  }

  @Test
  void recordStatus_updatesTheRowOnlyOnceItExists() {
    IncidentStatus status = new IncidentStatus("inc-1", "contain-host", IncidentState.RUNNING, 3, List.of(),
        List.of(new StepStatus("isolate", "isolate-host", "running", 3, 1, 0, 0, 0, 0, 0, 2)), 1, null, null, null, null, 5);

    assertThat(incidents.recordStatus(status)).isFalse();
    incidents.open(record("inc-1", "key", "run-1"));
    assertThat(incidents.recordStatus(status)).isTrue();

    IncidentRecord stored = incidents.find("inc-1").orElseThrow();
    assertThat(stored.state()).isEqualTo("running");
    assertThat(stored.targetCount()).isEqualTo(3);
    assertThat(stored.status().steps().get(0).pending()).isEqualTo(2);
    assertThat(incidents.list("running", 10)).hasSize(1);
    assertThat(incidents.list("completed", 10)).isEmpty();
  }

  @Test
  void partitions_areUnknownUntilRecorded_andRecordingNeedsTheRow() {
    assertThat(incidents.recordPartitions("inc-1", List.of("blue"))).isFalse();
    incidents.open(record("inc-1", "key", "run-1"));
    // Unknown (not "none"): readers are authorized by these, so the difference matters.
    assertThat(incidents.partitions("inc-1")).isEmpty();

    assertThat(incidents.recordPartitions("inc-1", List.of("blue", "green"))).isTrue();
    assertThat(incidents.partitions("inc-1")).contains(List.of("blue", "green"));
    assertThat(incidents.recordPartitions("inc-1", List.of())).isTrue();
    assertThat(incidents.partitions("inc-1")).contains(List.of());
  }

  @Test
  void recordStatus_keepsTheNewestVersionWhenWritesArriveOutOfOrder() {
    incidents.open(record("inc-1", "key", "run-1"));
    IncidentStatus newer = new IncidentStatus("inc-1", "contain-host", IncidentState.COMPLETED, 3, List.of(),
        List.of(), 1, null, null, null, null, 9);
    IncidentStatus older = new IncidentStatus("inc-1", "contain-host", IncidentState.RUNNING, 3, List.of(),
        List.of(), 1, null, null, null, null, 4);

    assertThat(incidents.recordStatus(newer)).isTrue();
    assertThat(incidents.recordStatus(older)).isTrue();

    assertThat(incidents.find("inc-1").orElseThrow().state()).isEqualTo("completed");
  }

  @Test
  void recordResults_isAnUpsertPerIncidentStepAndHost() {
    RecordedResult first = new RecordedResult("web-1", "blue", "inc-1/isolate/web-1/1", HostOutcome.UNREACHABLE,
        "no result within 30s", false, Map.of(), 0, 1_000);
    RecordedResult retried = new RecordedResult("web-1", "blue", "inc-1/isolate/web-1/1", HostOutcome.SUCCEEDED,
        "isolated", true, Map.of("rules", "table inet firebreak"), 900, 2_000);

    results.record("inc-1", "isolate", "isolate-host", List.of(first));
    results.record("inc-1", "isolate", "isolate-host", List.of(retried));

    assertThat(results.list("inc-1")).singleElement().satisfies(row -> {
      assertThat(row.outcome()).isEqualTo("succeeded");
      assertThat(row.duplicate()).isTrue();
      assertThat(row.evidence()).containsEntry("rules", "table inet firebreak");
      assertThat(row.finishedAt()).isEqualTo(Instant.ofEpochMilli(2_000));
    });
  }

  private static IncidentRecord record(String id, String key, String run) {
    Instant now = Instant.now();
    return new IncidentRecord(id, key, "incident/" + key, run, "contain-host", "autonomous", "open",
        "alert:a-1", "why", "a-1", 0, 1, null, null, now, now);
  }
}
