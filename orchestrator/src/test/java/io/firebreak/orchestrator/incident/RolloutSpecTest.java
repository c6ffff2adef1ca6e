package io.firebreak.orchestrator.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RolloutSpecTest {
  @Test
  void waveSizes_canaryThenCumulativeRamp() {
    RolloutSpec ramp = new RolloutSpec("1", List.of("5", "20%", "100%"), 0, 0, 0, null, null);

    assertThat(ramp.waveSizes(100)).containsExactly(1, 4, 15, 80);
    assertThat(ramp.waveSizes(3)).containsExactly(1, 2);
    assertThat(ramp.waveSizes(1)).containsExactly(1);
    assertThat(ramp.waveSizes(0)).isEmpty();
  }

  @Test
  void waveSizes_percentCanaryRoundsUpAndCoverageShortOfAllGetsOneMoreWave() {
    assertThat(new RolloutSpec("5%", List.of("50%"), 0, 0, 0, null, null).waveSizes(30)).containsExactly(2, 13, 15);
    assertThat(new RolloutSpec(null, List.of(), 0, 0, 0, null, null).waveSizes(7)).containsExactly(7);
    assertThat(new RolloutSpec("2", List.of(), 3, 0, 0, null, null).waveSizes(10)).containsExactly(2, 3, 3, 2);
  }

  @Test
  void budget_zeroToleratesNothing_hundredPercentNeverAborts() {
    ErrorBudget strict = new ErrorBudget(new RolloutSpec(null, List.of(), 0, 0, 0, "0", null), 10);
    ErrorBudget lenient = new ErrorBudget(new RolloutSpec(null, List.of(), 0, 0, 0, "100%", "100%"), 10);

    assertThat(strict.afterWave(1, 5, 0)).isNull();
    assertThat(strict.afterWave(2, 5, 1)).contains("over the per-wave budget of 0");
    assertThat(lenient.afterWave(1, 10, 10)).isNull();
  }

  @Test
  void budget_percentIsExceededOnlyAboveIt() {
    ErrorBudget tenPercent = new ErrorBudget(new RolloutSpec(null, List.of(), 0, 0, 0, "10%", null), 20);

    assertThat(tenPercent.afterWave(1, 10, 1)).isNull();
    assertThat(tenPercent.afterWave(2, 10, 2)).contains("wave 2: 2 of 10 hosts");
  }

  @Test
  void amount_refusesNonsense() {
    assertThatThrownBy(() -> Amount.parse("150%")).hasMessageContaining("out of 0..100");
    assertThatThrownBy(() -> Amount.parse("many")).hasMessageContaining("expected a count like 5");
    assertThat(Amount.parse("12.5%").of(8)).isEqualTo(1);
  }
}
