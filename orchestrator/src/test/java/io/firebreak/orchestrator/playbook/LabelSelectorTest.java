package io.firebreak.orchestrator.playbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.orchestrator.incident.AlertRef;
import io.firebreak.orchestrator.incident.TargetSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
  static final Map<String, String> WEB_PROD = Map.of("role", "web", "env", "prod");

  @Test
  void matches_eachOperator() {
    assertThat(LabelSelector.parse("role=web").matches(WEB_PROD)).isTrue();
    assertThat(LabelSelector.parse("role==db").matches(WEB_PROD)).isFalse();
    assertThat(LabelSelector.parse("role!=db").matches(WEB_PROD)).isTrue();
    assertThat(LabelSelector.parse("env in (prod, staging)").matches(WEB_PROD)).isTrue();
    assertThat(LabelSelector.parse("env notin (prod)").matches(WEB_PROD)).isFalse();
    assertThat(LabelSelector.parse("role").matches(WEB_PROD)).isTrue();
    assertThat(LabelSelector.parse("!canary").matches(WEB_PROD)).isTrue();
    assertThat(LabelSelector.parse("!role").matches(WEB_PROD)).isFalse();
    assertThat(LabelSelector.parse(" role = web , env in (prod,staging) , !canary ").matches(WEB_PROD)).isTrue();
    assertThat(LabelSelector.parse("role=web,env=staging").matches(WEB_PROD)).isFalse();
  }

  @Test
  void toString_isCanonical() {
    assertThat(LabelSelector.parse(" role = web ,env in (staging, prod),!canary").toString())
        .isEqualTo("role=web,env in (prod,staging),!canary");
  }

  @Test
  void parse_refusesMalformedSelectorsWithPosition() {
    assertThatThrownBy(() -> LabelSelector.parse("role=web,,env=prod"))
        .hasMessageContaining("at character 10");
    assertThatThrownBy(() -> LabelSelector.parse("role=web,env in (prod"))
        .hasMessageContaining("cannot parse requirement 'env in (prod'");
    assertThatThrownBy(() -> LabelSelector.parse("env in (a b)")).hasMessageContaining("bad value 'a b'");
    assertThatThrownBy(() -> LabelSelector.parse(" ")).hasMessageContaining("empty");
  }

  @Test
  void trigger_matchesTypeSeverityAndSourceGlob() {
    AlertRef alert = new AlertRef("a", "malware-detected", "high", "edr-falcon", "h", "p", 0);
    assertThat(new Trigger("malware-detected", null, "high", "edr-*").matches(alert)).isTrue();
    assertThat(new Trigger("malware-detected", null, "critical", null).matches(alert)).isFalse();
    assertThat(new Trigger("malware-detected", List.of("low", "high"), null, null).matches(alert)).isTrue();
    assertThat(new Trigger("malware-detected", List.of("critical"), null, null).matches(alert)).isFalse();
    assertThat(new Trigger("malware-detected", null, null, "ids-*").matches(alert)).isFalse();
    assertThat(new Trigger("phishing", null, null, null).matches(alert)).isFalse();
  }

  @Test
  void bind_substitutesAlertHostAndPartitionOnlyWhenThereIsAnAlert() {
    PlaybookTargets targets = new PlaybookTargets(true, true, List.of("bastion-1"), List.of(), "role=web", List.of("web-9"));
    AlertRef alert = new AlertRef("a", "t", "high", "s", "web-3", "blue", 0);

    TargetSpec bound = targets.bind(alert);
    TargetSpec unbound = targets.bind(null);

    assertThat(bound.hosts()).containsExactly("bastion-1", "web-3");
    assertThat(bound.partitions()).containsExactly("blue");
    assertThat(bound.exclude()).containsExactly("web-9");
    assertThat(unbound.hosts()).containsExactly("bastion-1");
    assertThat(unbound.partitions()).isEmpty();
  }
}
