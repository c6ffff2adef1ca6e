package io.firebreak.agent.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.proto.agent.v1.Command;
import org.junit.jupiter.api.Test;

class IntentDigestTest {
  private final Command command =
      Command.newBuilder()
          .setCommandId("c1")
          .setHostId("web-3")
          .setPartition("p1")
          .setAction("disable-account")
          .putParameters("account", "alice")
          .putParameters("reason", "phished")
          .setIncidentId("inc-1")
          .setStep("contain")
          .setEpoch(1)
          .setIssuedAtMs(1_000)
          .setExpiresAtMs(61_000)
          .setNonce("n1")
          .setApprovalRef("a1")
          .build();

  @Test
  void of_ignoresTheEnvelopeFields() {
    Command retry =
        command.toBuilder().setIssuedAtMs(5_000).setExpiresAtMs(65_000).setNonce("n2").build();
    assertThat(IntentDigest.of(retry)).isEqualTo(IntentDigest.of(command)).hasSize(32);
  }

  @Test
  void of_doesNotDependOnParameterOrder() {
    Command reordered =
        command.toBuilder()
            .clearParameters()
            .putParameters("reason", "phished")
            .putParameters("account", "alice")
            .build();
    assertThat(IntentDigest.of(reordered)).isEqualTo(IntentDigest.of(command));
  }

  @Test
  void of_changesWithEveryMeaningfulField() {
    byte[] original = IntentDigest.of(command);
    assertThat(IntentDigest.of(command.toBuilder().setAction("enable-account").build()))
        .isNotEqualTo(original);
    assertThat(IntentDigest.of(command.toBuilder().setHostId("web-4").build()))
        .isNotEqualTo(original);
    assertThat(IntentDigest.of(command.toBuilder().setPartition("p2").build()))
        .isNotEqualTo(original);
    assertThat(IntentDigest.of(command.toBuilder().putParameters("account", "bob").build()))
        .isNotEqualTo(original);
    assertThat(IntentDigest.of(command.toBuilder().setIncidentId("inc-2").build()))
        .isNotEqualTo(original);
    assertThat(IntentDigest.of(command.toBuilder().setStep("release").build()))
        .isNotEqualTo(original);
    assertThat(IntentDigest.of(command.toBuilder().setEpoch(2).build())).isNotEqualTo(original);
  }

  @Test
  void of_keepsFieldBoundaries() {
    Command shifted =
        command.toBuilder()
            .clearParameters()
            .putParameters("account", "alicereason")
            .putParameters("", "phished")
            .build();
    assertThat(IntentDigest.of(shifted)).isNotEqualTo(IntentDigest.of(command));
  }
}
