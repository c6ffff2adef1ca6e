package io.firebreak.orchestrator.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.orchestrator.gateway.HostOutcome;
import io.firebreak.orchestrator.gateway.RecordedResult;
import io.firebreak.orchestrator.gateway.TargetHost;
import io.firebreak.orchestrator.storage.Database;
import io.firebreak.orchestrator.storage.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanDaoTest {
  private static final int HOSTS = 3_000;
  private static final Pattern SCAN_COUNT = Pattern.compile("scanCount: (\\d+)");

  @TempDir Path dir;
  Jdbi jdbi;
  PlanDao plans;

  /**
   * Two incidents of 3,000 hosts each. In inc-1's isolate step every third host failed and the
   * others succeeded, later hosts later; inc-2 succeeded everywhere (rows a bad join would read).
   */
  @BeforeEach
  void setUp() {
    jdbi = TestDatabase.create(dir);
    plans = new PlanDao(jdbi);
    HostResultDao results = new HostResultDao(jdbi);
    for (String incident : List.of("inc-1", "inc-2")) {
      plans.replace(incident, IntStream.range(0, HOSTS)
          .mapToObj(i -> new TargetHost(String.format("web-%04d", i), "blue", null)).toList());
      List<RecordedResult> rows = new ArrayList<>();
      for (int i = 0; i < HOSTS; i++) {
        HostOutcome outcome = incident.equals("inc-1") && i % 3 == 0 ? HostOutcome.FAILED : HostOutcome.SUCCEEDED;
        rows.add(new RecordedResult(String.format("web-%04d", i), "blue", "cmd-" + i, outcome, "", false, Map.of(),
            1_700_000_000_000L + i, 1_700_000_000_000L + i));
      }
      results.record(incident, "isolate", "isolate-host", rows);
    }
  }

  @Test
  void hosts_returnsTheSliceInPlanOrder() {
    assertThat(plans.hosts("inc-1", new PlanSlice("blue", 10, 13))).extracting(TargetHost::hostId)
        .containsExactly("web-0010", "web-0011", "web-0012");
    assertThat(plans.count("inc-1")).isEqualTo(HOSTS);
    assertThat(plans.partitions("inc-1")).containsExactly(new PlanSlice("blue", 0, HOSTS));
  }

  @Test
  void succeeded_pagesTheSlicesSucceededHosts_newestFirst() {
    PlanSlice slice = new PlanSlice("blue", 1_000, 1_010);

    assertThat(plans.succeeded("inc-1", "isolate", slice, 0, 4)).extracting(TargetHost::hostId)
        .containsExactly("web-1009", "web-1007", "web-1006", "web-1004");
    assertThat(plans.succeeded("inc-1", "isolate", slice, 4, 4)).extracting(TargetHost::hostId)
        .containsExactly("web-1003", "web-1001", "web-1000");
    assertThat(plans.succeeded("inc-1", "other-step", slice, 0, 4)).isEmpty();
  }

  /**
   * The rollback pages through {@link PlanDao#SUCCEEDED} for every slice of a plan of up to
   * 50,000 hosts. H2 must walk the slice's range of the plan and find each host's result by key;
   * driven from the results instead, with no index on the plan's hosts, each result would scan
   * the incident's whole plan.
   */
  @Test
  void succeeded_readsTheSliceOnce_andEachHostsResultByKey() {
    int from = 1_000;
    int to = 1_500;
    long planId = plans.planId("inc-1").orElseThrow();
    String plan = jdbi.withHandle(handle -> handle.createQuery("EXPLAIN ANALYZE " + PlanDao.SUCCEEDED)
        .bind("incident", "inc-1").bind("from", PlanDao.key(planId, from)).bind("to", PlanDao.key(planId, to))
        .bind("step", "isolate")
        .bind("limit", 100).bind("offset", 0)
        .mapTo(String.class).one());

    int planRows = scanCount(plan, "\"PLAN_HOSTS\" \"P\"");
    int resultRows = scanCount(plan, "\"HOST_RESULTS\" \"R\"");
    assertThat(plan.indexOf("\"PLAN_HOSTS\" \"P\"")).as(plan).isLessThan(plan.indexOf("\"HOST_RESULTS\" \"R\""));
    assertThat(planRows).as(plan).isBetween(to - from, to - from + 2);
    assertThat(resultRows).as(plan).isLessThanOrEqualTo(2 * (to - from) + 2);
  }

  @Test
  void replace_aPlanAgain_keepsItsNumberAndOnlyTheNewHosts_andLeavesOtherPlansAlone() {
    long planId = plans.planId("inc-1").orElseThrow();

    plans.replace("inc-1", List.of(new TargetHost("db-1", "green", null), new TargetHost("web-1", "blue", null)));

    assertThat(plans.planId("inc-1")).contains(planId);
    assertThat(plans.count("inc-1")).isEqualTo(2);
    assertThat(plans.partitions("inc-1")).containsExactly(new PlanSlice("green", 0, 1), new PlanSlice("blue", 1, 2));
    assertThat(plans.hosts("inc-1", new PlanSlice("blue", 1, 2))).extracting(TargetHost::hostId)
        .containsExactly("web-1");
    assertThat(plans.count("inc-2")).isEqualTo(HOSTS);
    assertThat(plans.count("inc-3")).isZero();
    assertThat(plans.partitions("inc-3")).isEmpty();
    assertThat(plans.hosts("inc-3", new PlanSlice("blue", 0, 10))).isEmpty();
  }

  /**
   * Plans written before V7 (keyed by incident and ordinal) read the same afterwards: same hosts,
   * same order, same slices, and a rollback's query finds the same succeeded hosts.
   */
  @Test
  void migrationV7_keepsThePlansWrittenBefore() {
    String url = "jdbc:h2:file:" + dir.resolve("before-v7").toAbsolutePath() + ";DB_CLOSE_DELAY=-1";
    Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").target("6").load().migrate();
    Jdbi old = Jdbi.create(url, "sa", "");
    old.useHandle(handle -> {
      for (int i = 0; i < 5; i++) {
        handle.execute("INSERT INTO plan_hosts (incident_id, ordinal, host_id, partition_name) VALUES (?, ?, ?, ?)",
            "inc-old", i, "host-" + (4 - i), i < 3 ? "blue" : "green");
      }
      handle.execute("INSERT INTO plan_hosts (incident_id, ordinal, host_id, partition_name) VALUES (?, ?, ?, ?)",
          "inc-other", 0, "db-1", "blue");
    });

    Database.migrate(url, "sa", "");

    PlanDao migrated = new PlanDao(old);
    assertThat(migrated.count("inc-old")).isEqualTo(5);
    assertThat(migrated.partitions("inc-old")).containsExactly(new PlanSlice("blue", 0, 3), new PlanSlice("green", 3, 5));
    assertThat(migrated.hosts("inc-old", new PlanSlice("blue", 0, 3))).extracting(TargetHost::hostId)
        .containsExactly("host-4", "host-3", "host-2");
    assertThat(migrated.hosts("inc-other", new PlanSlice("blue", 0, 1))).extracting(TargetHost::hostId)
        .containsExactly("db-1");
    new HostResultDao(old).record("inc-old", "isolate", "isolate-host", List.of(new RecordedResult("host-3", "blue",
        "cmd-3", HostOutcome.SUCCEEDED, "", false, Map.of(), 1, 2)));
    assertThat(migrated.succeeded("inc-old", "isolate", new PlanSlice("blue", 0, 3), 0, 10))
        .extracting(TargetHost::hostId).containsExactly("host-3");
  }

  /** The scan count H2 reports for the table introduced by {@code table} in an EXPLAIN ANALYZE. */
  private static int scanCount(String plan, String table) {
    int at = plan.indexOf(table);
    assertThat(at).as("%s in %s", table, plan).isNotNegative();
    Matcher count = SCAN_COUNT.matcher(plan);
    assertThat(count.find(at)).as("a scan count after %s in %s", table, plan).isTrue();
    return Integer.parseInt(count.group(1));
  }
}
