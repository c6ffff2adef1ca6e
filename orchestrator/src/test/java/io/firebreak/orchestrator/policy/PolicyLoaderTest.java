package io.firebreak.orchestrator.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.orchestrator.playbook.PlaybookException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The policy file: located errors, and what it decides for plans at the edges. */
class PolicyLoaderTest {

  @Test
  void shippedPolicy_loadsAndDecidesAsDocumented() throws Exception {
    Policy policy = PolicyLoader.load(Path.of("..", "policy", "policy.yaml"));

    assertThat(decide(policy, List.of("isolate-host"), List.of(), 5, Set.of()).approvals())
        .as("a few hosts, reversible, a rule makes it autonomous").isZero();
    assertThat(decide(policy, List.of("isolate-host"), List.of(), 101, Set.of()).approvals())
        .as("over maxAutonomousHosts").isEqualTo(1);
    Policy.Requirement whole = decide(policy, List.of("isolate-host"), List.of(), 12, Set.of("blue"));
    assertThat(whole.approvals()).isEqualTo(1);
    assertThat(whole.reasons()).anyMatch(reason -> reason.contains("whole partition"));
    assertThat(decide(policy, List.of("rotate-credential"), List.of("rotate-credential"), 1, Set.of()).approvals())
        .as("irreversible").isEqualTo(2);
    assertThat(policy.tiers()).extracting(Policy.Tier::tier).containsExactly(1, 2);
    assertThat(policy.requestTtl()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void noMatchingRule_needsOneApprover_autonomousIsNeverTheDefault() throws Exception {
    Policy policy = PolicyLoader.parse("p.yaml", "version: 1\nrules: []\n");

    Policy.Requirement requirement = decide(policy, List.of("kill-process"), List.of(), 1, Set.of());

    assertThat(requirement.approvals()).isEqualTo(1);
    assertThat(requirement.reasons()).singleElement().asString().contains("no policy rule makes it autonomous");
  }

  @Test
  void mistakes_areReportedWithFileLineColumnAndField() {
    String yaml = String.join("\n",
        "version: 1",
        "approvals:",
        "  escalation:",
        "    - {tier: 2, wait: 10m}",
        "    - {tier: 1, wait: 10m}",
        "grants: {defaultTtl: 5h, maxTtl: 4h}",
        "rules:",
        "  - actions: [isolate-host, nuke-datacenter]",
        "    approvals: 0",
        "  - actions: [rotate-credential]",
        "    approvals: 2",
        "    grantTtl: 9h",
        "");

    assertThatThrownBy(() -> PolicyLoader.parse("policy.yaml", yaml))
        .isInstanceOf(PlaybookException.class)
        .hasMessageContaining("policy.yaml:5:")
        .hasMessageContaining("approvals.escalation[1].tier: tiers must increase")
        .hasMessageContaining("policy.yaml:6:")
        .hasMessageContaining("grants.defaultTtl: longer than grants.maxTtl")
        .hasMessageContaining("policy.yaml:8:")
        .hasMessageContaining("rules[0].actions[1]: unknown action 'nuke-datacenter'")
        .hasMessageContaining("rules[1].grantTtl: longer than grants.maxTtl");
  }

  @Test
  void schemaErrors_nameTheField() {
    assertThatThrownBy(() -> PolicyLoader.parse("policy.yaml", "version: 1\nrules:\n  - actions: [isolate-host]\n"
        + "    approvals: 3\n    colour: red\n"))
        .isInstanceOf(PlaybookException.class)
        .hasMessageContaining("policy.yaml:4:")
        .hasMessageContaining("rules[0].approvals")
        .hasMessageContaining("rules[0].colour: unknown field 'colour'");
  }

  private static Policy.Requirement decide(Policy policy, List<String> actions, List<String> irreversible, int hosts,
      Set<String> wholePartitions) {
    return policy.decide(new Policy.PlanFacts(actions, irreversible, Set.of("blue"), hosts, wholePartitions, false));
  }
}
