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
  AgentDao agents;
  PlanBuilder plans;
  Playbook playbook;

  @BeforeEach
  void setUp() throws Exception {
    Jdbi jdbi = TestDatabase.create(dir);
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

  private void register(String host, String partition, Map<String, String> labels) {
    agents.connected(new AgentRegistration(host, partition, labels, List.of("isolate-host"), "t", true, "gw", 1));
  }
}
