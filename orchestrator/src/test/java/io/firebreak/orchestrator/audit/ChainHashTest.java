package io.firebreak.orchestrator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The chain's encoding is a stored format: every database written so far must still verify. The
 * expected hashes were computed outside Java from the encoding as {@link ChainHash} documents it
 * (Python's hashlib over the length-prefixed fields), not by this implementation.
 */
class ChainHashTest {
  @Test
  void of_matchesTheDocumentedEncoding_withNonAsciiDetailsAndAPartition() {
    assertThat(ChainHash.of(42, 1_764_489_600_123L, "gateway", "command.result", "inc-1", "p1",
        "{\"detail\":\"d\u00e9tail \u2713\",\"host\":\"h1\"}", ChainHash.GENESIS))
        .isEqualTo("c64ad2c1e9ffbafbaaee6f974a25e5ab85a4c04d02a6a7f175e331dfeb32b228");
  }

  @Test
  void of_encodesANullPartitionAsLengthMinusOne() {
    assertThat(ChainHash.of(1, 0, "system", "audit.started", "firebreak", null, "{}", ChainHash.GENESIS))
        .isEqualTo("77be68814a2259d38fe5d17b92b06f61b26f4a79293840012bcc0fff9a2dc396");
  }

  @Test
  void of_aStoredRow_isTheHashOfItsFields() {
    AuditRecord row = new AuditRecord(42, Instant.ofEpochMilli(1_764_489_600_123L), "gateway", "command.result",
        "inc-1", "p1", "{\"detail\":\"d\u00e9tail \u2713\",\"host\":\"h1\"}", ChainHash.GENESIS, "ignored");
    assertThat(ChainHash.of(row)).isEqualTo("c64ad2c1e9ffbafbaaee6f974a25e5ab85a4c04d02a6a7f175e331dfeb32b228");
  }
}
