package io.firebreak.orchestrator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.agent.trust.PartitionKeyFiles;
import io.firebreak.agent.trust.TrustStore;
import io.firebreak.agent.verify.CommandVerifier;
import io.firebreak.proto.agent.v1.Command;
import io.firebreak.proto.agent.v1.CommandEnvelope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PartitionKeyStoreTest {
  @TempDir Path dir;

  @Test
  void open_generatesOneKeyPerPartitionWithAPrivateFileOnlyTheOwnerCanRead() throws Exception {
    PartitionKeyStore keys = PartitionKeyStore.open(dir, List.of("blue", "green"));

    assertThat(Files.getPosixFilePermissions(dir.resolve("blue.key"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    PartitionKeyFiles.TrustedKey published = PartitionKeyFiles.read(dir.resolve("blue.pub"));
    assertThat(published.keyId()).isEqualTo(keys.key("blue").keyId()).startsWith("blue:");
    assertThat(keys.key("green").keyId()).isNotEqualTo(keys.key("blue").keyId());
  }

  @Test
  void open_reloadsTheSameKeysOnTheNextStart() throws Exception {
    String first = PartitionKeyStore.open(dir, List.of("blue")).key("blue").keyId();

    assertThat(PartitionKeyStore.open(dir, List.of("blue")).key("blue").keyId()).isEqualTo(first);
  }

  @Test
  void open_refusesAPrivateKeyOthersCanRead() throws Exception {
    PartitionKeyStore.open(dir, List.of("blue"));
    Files.setPosixFilePermissions(dir.resolve("blue.key"), PosixFilePermissions.fromString("rw-r--r--"));

    assertThatThrownBy(() -> PartitionKeyStore.open(dir, List.of("blue")))
        .hasMessageContaining("blue.key").hasMessageContaining("chmod 600");
  }

  @Test
  void sign_producesEnvelopesThatVerifyAndRetriesThatAreNotReplays() throws Exception {
    PartitionKeyStore keys = PartitionKeyStore.open(dir, List.of("blue"));
    CommandSigner signer = new CommandSigner(keys, Duration.ofMinutes(5), Clock.systemUTC());

    CommandEnvelope first = signer.sign("inc-1", "isolate", "web-1", "blue", "isolate-host", Map.of("k", "v"), 1, "");
    CommandEnvelope retry = signer.sign("inc-1", "isolate", "web-1", "blue", "isolate-host", Map.of("k", "v"), 1, "");

    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(PartitionKeyFiles.read(dir.resolve("blue.pub")).publicKey());
    verifier.update(first.getCommand().toByteArray());
    assertThat(verifier.verify(first.getSignature().toByteArray())).isTrue();
    Command a = Command.parseFrom(first.getCommand());
    Command b = Command.parseFrom(retry.getCommand());
    assertThat(a.getCommandId()).isEqualTo(b.getCommandId()).isEqualTo("inc-1/isolate/web-1/1");
    assertThat(a.getNonce()).isNotEqualTo(b.getNonce());
    assertThat(a.getExpiresAtMs() - a.getIssuedAtMs()).isEqualTo(300_000);
    assertThatThrownBy(() -> signer.sign("inc-1", "isolate", "db-1", "red", "isolate-host", Map.of(), 1, ""))
        .hasMessageContaining("partition 'red' is not served here");
  }

  @Test
  void signBatch_oneSignaturePerPartitionThatEachHostsVerifierAccepts() throws Exception {
    PartitionKeyStore keys = PartitionKeyStore.open(dir, List.of("blue", "green"));
    CommandSigner signer = new CommandSigner(keys, Duration.ofMinutes(5), Clock.systemUTC());
    List<Command> commands = List.of(
        signer.command("inc-1", "isolate", "web-1", "blue", "isolate-host", Map.of(), 1, ""),
        signer.command("inc-1", "isolate", "db-1", "green", "isolate-host", Map.of(), 1, ""),
        signer.command("inc-1", "isolate", "web-2", "blue", "isolate-host", Map.of(), 1, ""),
        signer.command("inc-1", "isolate", "web-3", "blue", "isolate-host", Map.of(), 1, ""));

    List<CommandEnvelope> envelopes = signer.signBatch(commands);

    assertThat(envelopes).extracting(envelope -> Command.parseFrom(envelope.getCommand()))
        .containsExactlyElementsOf(commands);
    // The three blue commands share one signature; green's only command is signed alone.
    assertThat(List.of(envelopes.get(0), envelopes.get(2), envelopes.get(3)))
        .allSatisfy(envelope -> assertThat(envelope.getBatch().getLeafCount()).isEqualTo(3))
        .extracting(CommandEnvelope::getSignature).containsOnly(envelopes.get(0).getSignature());
    assertThat(envelopes.get(1).hasBatch()).isFalse();
    TrustStore trust = TrustStore.load(List.of(dir.resolve("blue.pub"), dir.resolve("green.pub")));
    for (int i = 0; i < commands.size(); i++) {
      Command command = commands.get(i);
      CommandVerifier host = new CommandVerifier(command.getHostId(), command.getPartition(), trust,
          java.util.Set.of("isolate-host"), Clock.systemUTC());
      assertThat(host.verify(envelopes.get(i)).accepted()).as(command.getHostId()).isTrue();
    }
  }
}
