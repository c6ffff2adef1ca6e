package io.firebreak.orchestrator.incident;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.orchestrator.gateway.AgentRegistration;
import io.firebreak.orchestrator.playbook.Playbook;
import io.firebreak.orchestrator.playbook.PlaybookLoader;
import io.firebreak.orchestrator.registry.AgentDao;
import io.firebreak.orchestrator.storage.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanBuilderTest {
  static final String PLAYBOOK = """
      version: 1
      name: lockdown
      description: Evidence, isolation, then credential rotation.
      mode: approval
      targets:
        selector: role=web
      rollout:
        canary: 1
        waves: ["50%", "100%"]
      steps:
        - name: evidence
          action: collect-evidence
        - name: isolate
          action: isolate-host
        - name: rotate
          action: rotate-credential
      """;

  @TempDir Path dir;
  Jdbi jdbi;
  AgentDao agents;
  PlanBuilder plans;
  Playbook playbook;

  @BeforeEach
  void setUp() throws Exception {
    jdbi = TestDatabase.create(dir);
    agents = new AgentDao(jdbi);
    plans = new PlanBuilder(new IncidentActivitiesImpl(jdbi, agents, new IncidentDao(jdbi), new HostResultDao(jdbi)));
    playbook = PlaybookLoader.parse("lockdown.yaml", PLAYBOOK);
    register("web-1", "blue", Map.of("role", "web"));
    register("web-2", "green", Map.of("role", "web"));
    register("web-3", "green", Map.of("role", "web"));
    register("db-1", "green", Map.of("role", "db"));
  }

  @Test
  void plan_showsTargetsPerPartitionWavesInversesAndIrreversibleSteps() {
    Map<String, Object> plan = plans.plan(playbook, playbook.targets().bind(null));

    assertThat(plan.get("approvalRequired")).isEqualTo(true);
    assertThat(plan.get("waves")).isEqualTo(List.of(1, 1, 1));
    assertThat(plan.get("irreversibleSteps")).isEqualTo(List.of("rotate"));
    @SuppressWarnings("unchecked")
    Map<String, Object> targets = (Map<String, Object>) plan.get("targets");
    assertThat(targets.get("total")).isEqualTo(3);
    assertThat(targets.get("partitions").toString())
        .contains("blue={", "[web-1]", "green={", "[web-2, web-3]").doesNotContain("db-1");
    List<Object> inverses = ((List<?>) plan.get("steps")).stream()
        .map(step -> ((Map<?, ?>) step).get("inverse")).map(Object.class::cast).toList();
    assertThat(inverses).containsExactly(null, "release-host", null);
    assertThat(plan).doesNotContainKey("tenants");
    assertThat((String) plan.get("digest")).startsWith("sha256:").hasSize(71);
  }

  @Test
  void digest_isStableForTheSamePlanAndChangesWithTheTargets() {
    String first = (String) plans.plan(playbook, playbook.targets().bind(null)).get("digest");
    String again = (String) plans.plan(playbook, playbook.targets().bind(null)).get("digest");
    register("web-4", "blue", Map.of("role", "web"));
    String grown = (String) plans.plan(playbook, playbook.targets().bind(null)).get("digest");

    assertThat(again).isEqualTo(first);
    assertThat(grown).isNotEqualTo(first);
  }

  static final String REVOKE = """
      version: 1
      name: revoke
      description: Revoke a partner's GDAP access.
      mode: approval
      tenants:
        fromAlert: true
        whenAlertNamesNone: all
      steps:
        - name: revoke
          action: revoke-gdap
      """;
  static final String PARTNER = "11111111-1111-1111-1111-111111111111";
  static final String C1 = "aaaaaaaa-0000-0000-0000-000000000001";

  @Test
  @SuppressWarnings("unchecked")
  void tenantPlan_showsTheCustomersOrAllOfThePartner_theStepAsIrreversibleInTheOrchestrator() throws Exception {
    Playbook revoke = PlaybookLoader.parse("revoke.yaml", REVOKE);
    PlanBuilder configured = new PlanBuilder(new IncidentActivitiesImpl(jdbi, agents, null, null), PARTNER);
    TargetSpec none = revoke.targets().bind(null);

    Map<String, Object> named = configured.plan(revoke, none, TenantSpec.customers(List.of(C1), null));
    Map<String, Object> all = configured.plan(revoke, none, TenantSpec.all(null));
    Map<String, Object> unconfigured = plans.plan(revoke, none, TenantSpec.all(null));

    assertThat((Map<String, Object>) named.get("tenants")).containsEntry("customers", List.of(C1))
        .containsEntry("allCustomers", false)
        .containsEntry("description", "1 customer of the partner " + PARTNER + ": " + C1);
    assertThat((Map<String, Object>) all.get("tenants"))
        .containsEntry("description", "all customers of the partner " + PARTNER)
        .containsEntry("gdapConfigured", true);
    assertThat((Map<String, Object>) unconfigured.get("tenants")).containsEntry("gdapConfigured", false)
        .containsEntry("description", "all customers of the partner <gdap.tenantId, not configured>");
    assertThat(named.get("irreversibleSteps")).isEqualTo(List.of("revoke"));
    assertThat((List<Map<String, Object>>) named.get("steps")).singleElement().satisfies(step -> {
      assertThat(step).containsEntry("runsIn", "orchestrator").containsEntry("irreversible", true)
          .doesNotContainKeys("batchSize", "hostTimeoutMs");
    });
    assertThat(((Map<String, Object>) named.get("targets")).get("total")).isEqualTo(0);
    assertThat(named.get("digest")).as("the digest covers the tenants").isNotEqualTo(all.get("digest"));
    assertThat(named.get("partitions")).as("no host partition, the gdap pseudo-partition")
        .isEqualTo(List.of("gdap"));
    assertThat((Map<String, Object>) named.get("approval")).containsEntry("required", 2);
  }

  @Test
  void tenantPlan_theIncidentsDigestIsTheDryRunsAndItsPartitionIsGdap() throws Exception {
    Playbook revoke = PlaybookLoader.parse("revoke.yaml", REVOKE);
    IncidentDao incidents = new IncidentDao(jdbi);
    IncidentActivitiesImpl activities = new IncidentActivitiesImpl(jdbi, agents, incidents, new HostResultDao(jdbi),
        () -> io.firebreak.orchestrator.policy.Policy.STRICT, java.time.Clock.systemUTC(), event -> { }, PARTNER);
    TenantSpec tenants = TenantSpec.customers(List.of(C1), null);
    IncidentRequest request = revoke.toRequest("k", revoke.targets().bind(null), tenants, "alice", "test", null);

    Map<String, Object> dryRun = new PlanBuilder(activities).plan(revoke, revoke.targets().bind(null), tenants);
    incidents.open(indexRow("inc-1"));
    PlanSummary snapshot = activities.snapshotPlan("inc-1", request);
    AccessDecision access = activities.requestAccess(new AccessRequest("inc-1", request, snapshot));

    assertThat(snapshot.digest()).isEqualTo(dryRun.get("digest"));
    assertThat(snapshot.total()).isZero();
    assertThat(access.partitions()).containsExactly("gdap");
    assertThat(access.actions()).containsExactly("revoke-gdap");
    assertThat(access.required()).isEqualTo(2);
    assertThat(access.reasons()).anyMatch(reason -> reason.contains("irreversible"));
  }

  private void register(String host, String partition, Map<String, String> labels) {
    agents.connected(new AgentRegistration(host, partition, labels, List.of("isolate-host"), "t", true, "gw", 1));
  }

  @Test
  void snapshotPlan_beforeTheIncidentIsIndexed_failsForARetryWithoutAuditingAnything() throws Exception {
    IncidentDao incidents = new IncidentDao(jdbi);
    List<String> audited = new java.util.ArrayList<>();
    IncidentActivitiesImpl activities = new IncidentActivitiesImpl(jdbi, agents, incidents, new HostResultDao(jdbi),
        () -> io.firebreak.orchestrator.policy.Policy.STRICT, java.time.Clock.systemUTC(),
        event -> audited.add(event.action()), PARTNER);
    IncidentRequest request = playbook.toRequest("k", playbook.targets().bind(null), (TenantSpec) null, "alice", "test",
        null);

    // The workflow's first task can run before its starter has opened the index row: the
    // partitions that authorize readers would be lost, so the activity fails and is retried.
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> activities.snapshotPlan("inc-2", request))
        .isInstanceOf(io.temporal.failure.ApplicationFailure.class)
        .hasMessageContaining("incident inc-2 is not in the index yet");
    assertThat(audited).isEmpty();

    incidents.open(indexRow("inc-2"));
    activities.snapshotPlan("inc-2", request);
    assertThat(incidents.partitions("inc-2")).contains(List.of("blue", "green"));
    assertThat(audited).hasSize(2);
  }

  private static IncidentRecord indexRow(String incidentId) {
    java.time.Instant now = java.time.Instant.now();
    return new IncidentRecord(incidentId, "key-" + incidentId, "incident/" + incidentId, "run-1", "lockdown",
        "autonomous", "open", "alice", "why", null, 0, 0, null, null, now, now);
  }
}
