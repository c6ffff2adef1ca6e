package io.firebreak.orchestrator.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.orchestrator.gdap.GdapRevocationResult;
import io.firebreak.orchestrator.gdap.RelationshipOutcome;
import io.firebreak.orchestrator.gdap.RelationshipOutcome.Outcome;
import io.firebreak.orchestrator.storage.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TenantResultDaoTest {
  static final String PARTNER = "11111111-1111-1111-1111-111111111111";
  static final String C1 = "aaaaaaaa-0000-0000-0000-000000000001";
  static final String C2 = "aaaaaaaa-0000-0000-0000-000000000002";

  @TempDir Path dir;
  TenantResultDao dao;

  @BeforeEach
  void setUp() {
    dao = new TenantResultDao(TestDatabase.create(dir));
  }

  @Test
  void record_keepsEveryRelationshipOfACustomerWithItsEvidence_andARetryOverwrites() {
    TenantResults results = results(
        outcome(C1, "rel-1", Outcome.TERMINATED, "req-1"),
        outcome(C1, "rel-2", Outcome.ALREADY_TERMINATED, null),
        new RelationshipOutcome(C2, null, null, Outcome.NO_RELATIONSHIP, "the partner has no relationship", null,
            null, null, List.of(), "2026-03-01T09:00:00Z", "2026-03-01T09:00:00Z"));

    dao.record(results);
    dao.record(results);

    List<TenantResultDao.Row> rows = dao.list("inc-1", 100);
    assertThat(rows).extracting(TenantResultDao.Row::customerTenantId, TenantResultDao.Row::relationshipId,
        TenantResultDao.Row::outcome).containsExactly(
            org.assertj.core.groups.Tuple.tuple(C1, "rel-1", "terminated"),
            org.assertj.core.groups.Tuple.tuple(C1, "rel-2", "already_terminated"),
            org.assertj.core.groups.Tuple.tuple(C2, null, "no_relationship"));
    assertThat(rows.get(0)).satisfies(row -> {
      assertThat(row.partnerTenantId()).isEqualTo(PARTNER);
      assertThat(row.action()).isEqualTo("revoke-gdap");
      assertThat(row.succeeded()).isTrue();
      assertThat(row.evidence()).containsEntry("grantId", "grt-1").containsEntry("relationshipId", "rel-1").containsEntry("finalStatus", "terminated")
          .containsEntry("terminationRequestId", "req-1").containsEntry("initialStatus", "active")
          .containsEntry("deletedAccessAssignmentIds", List.of("assignment-rel-1"));
      assertThat(row.startedAt()).isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
      assertThat(row.finishedAt()).isEqualTo(Instant.parse("2026-03-01T09:00:30Z"));
    });
    assertThat(dao.outcomeCounts("inc-1")).containsExactly(java.util.Map.entry("revoke.already_terminated", 1),
        java.util.Map.entry("revoke.no_relationship", 1), java.util.Map.entry("revoke.terminated", 1));
    assertThat(dao.list("inc-other", 100)).isEmpty();
  }

  static TenantResults results(RelationshipOutcome... outcomes) {
    return new TenantResults("inc-1", "revoke", "revoke-gdap", new GdapRevocationResult("inc-1", "revoke", PARTNER,
        "2026-03-01T09:00:00Z", "2026-03-01T09:01:00Z", List.of(outcomes)), "grt-1");
  }

  static RelationshipOutcome outcome(String customer, String relationship, Outcome outcome, String requestId) {
    return new RelationshipOutcome(customer, relationship, "gdap", outcome, null, "active", "terminated", requestId,
        List.of("assignment-" + relationship), "2026-03-01T09:00:00Z", "2026-03-01T09:00:30Z");
  }
}
