package io.firebreak.agent.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.agent.testing.PartitionKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SignatureCheckerTest {
  @TempDir Path dir;

  @Test
  void aRememberedStatementIsAcceptedOnlyForItsKeyAndSignature() throws Exception {
    PartitionKey blue = PartitionKey.generate("blue", dir);
    PartitionKey impostor = PartitionKey.generate("blue", dir);
    byte[] statement = "a batch statement".getBytes(StandardCharsets.UTF_8);
    byte[] signature = blue.signBytes(com.google.protobuf.ByteString.copyFrom(statement), blue.keyId())
        .getSignature().toByteArray();
    SignatureChecker checker = new SignatureChecker();

    assertThat(checker.verifyStatement(blue.trusted(), statement, signature)).isTrue();
    assertThat(checker.verifyStatement(blue.trusted(), statement, signature)).isTrue();
    // Remembered for blue's key and this signature only: not for another key or a changed signature.
    assertThat(checker.verifyStatement(impostor.trusted(), statement, signature)).isFalse();
    byte[] changed = signature.clone();
    changed[10] ^= 1;
    assertThat(checker.verifyStatement(blue.trusted(), statement, changed)).isFalse();
    assertThat(checker.verifyStatement(blue.trusted(), statement, changed)).isFalse();
  }

  @Test
  void forgetsTheOldestStatementsBeyondItsCapacity() throws Exception {
    PartitionKey blue = PartitionKey.generate("blue", dir);
    SignatureChecker checker = new SignatureChecker();
    for (int i = 0; i < SignatureChecker.REMEMBERED_STATEMENTS + 50; i++) {
      byte[] statement = ("statement " + i).getBytes(StandardCharsets.UTF_8);
      byte[] signature = blue.signBytes(com.google.protobuf.ByteString.copyFrom(statement), blue.keyId())
          .getSignature().toByteArray();
      assertThat(checker.verifyStatement(blue.trusted(), statement, signature)).isTrue();
    }
    assertThat(checker.remembered()).isEqualTo(SignatureChecker.REMEMBERED_STATEMENTS);
  }
}
