package io.firebreak.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.firebreak.agent.simulate.SimulatedHostState;
import io.firebreak.agent.testing.Commands;
import io.firebreak.agent.testing.PartitionKey;
import io.firebreak.agent.trust.TrustStore;
import io.firebreak.agent.verify.BatchSignatures;
import io.firebreak.proto.agent.v1.Command;
import io.firebreak.proto.agent.v1.CommandEnvelope;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentSecurityTest {
  private static final long NOW = Instant.parse("2025-06-01T12:00:00Z").toEpochMilli();

  @TempDir Path dir;
  private PartitionKey p1;
  private PartitionKey p2;
  private SimulatedHostState state;
  private Agent agent;

  @BeforeEach
  void startAgent() throws Exception {
    p1 = PartitionKey.generate("p1", dir);
    p2 = PartitionKey.generate("p2", dir);
    state = new SimulatedHostState("web-3");
    agent =
        Agent.builder()
            .hostId("web-3")
            .partition("p1")
            .trust(TrustStore.of(List.of(p1.trusted(), p2.trusted())))
            .simulated(state, Duration.ZERO)
            .stateDirectory(dir.resolve("state"))
            .clock(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC))
            .build();
  }

  @AfterEach
  void closeAgent() throws Exception {
    agent.close();
  }

  private Command.Builder isolate() {
    return Commands.command("web-3", "p1", "isolate-host", NOW);
  }

  private long journalBytes() throws Exception {
    return Files.size(dir.resolve("state").resolve("journal.bin"));
  }

  private void assertRejectedWithoutEffect(CommandEnvelope envelope, String detail)
      throws Exception {
    long journalBefore = journalBytes();
    long executionsBefore = state.totalExecutions();
    boolean isolatedBefore = state.isolated();
    CommandResult result = agent.handle(envelope);
    assertThat(result.getOutcome()).isEqualTo(Outcome.OUTCOME_REJECTED);
    assertThat(result.getDetail()).isEqualTo(detail);
    assertThat(result.getHostId()).isEqualTo("web-3");
    assertThat(result.getDuplicate()).isFalse();
    assertThat(state.totalExecutions()).isEqualTo(executionsBefore);
    assertThat(state.isolated()).isEqualTo(isolatedBefore);
    assertThat(journalBytes()).isEqualTo(journalBefore);
  }

  @Test
  void handle_executesAWellFormedCommand() throws Exception {
    Command command = isolate().build();
    CommandResult result = agent.handle(p1.sign(command));
    assertThat(result.getOutcome()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(result.getCommandId()).isEqualTo(command.getCommandId());
    assertThat(result.getHostId()).isEqualTo("web-3");
    assertThat(result.getEvidenceMap())
        .containsEntry("simulated", "true")
        .containsEntry("isolated", "true");
    assertThat(state.isolated()).isTrue();
    assertThat(state.executions(command.getCommandId())).isEqualTo(1);
    assertThat(journalBytes()).isPositive();
  }

  @Test
  void handle_rejectsABadSignature() throws Exception {
    PartitionKey impostor = PartitionKey.generate("p1", dir);
    CommandEnvelope forged = impostor.signBytes(isolate().build().toByteString(), p1.keyId());
    assertRejectedWithoutEffect(
        forged, "rejected: signature does not verify with key " + p1.keyId());
  }

  @Test
  void handle_rejectsTamperedCommandBytes() throws Exception {
    CommandEnvelope signed = p1.sign(isolate().build());
    CommandEnvelope tampered =
        signed.toBuilder()
            .setCommand(isolate().setAction("kill-process").build().toByteString())
            .build();
    assertRejectedWithoutEffect(
        tampered, "rejected: signature does not verify with key " + p1.keyId());
  }

  @Test
  void handle_rejectsAnUnknownKeyId() throws Exception {
    PartitionKey unpinned = PartitionKey.generate("p1", dir);
    assertRejectedWithoutEffect(
        unpinned.sign(isolate().build()),
        "rejected: unknown key id '" + unpinned.keyId() + "' (not pinned on this host)");
  }

  @Test
  void handle_rejectsTheKeyOfAnotherPartition() throws Exception {
    assertRejectedWithoutEffect(
        p2.sign(isolate().build()),
        "rejected: key " + p2.keyId() + " signs for partition p2, command is for partition p1");
  }

  @Test
  void handle_rejectsACommandForAnotherHost() throws Exception {
    assertRejectedWithoutEffect(
        p1.sign(isolate().setHostId("web-7").build()),
        "rejected: addressed to host web-7, this is web-3");
  }

  @Test
  void handle_rejectsACommandForAnotherPartition() throws Exception {
    assertRejectedWithoutEffect(
        p2.sign(isolate().setPartition("p2").build()),
        "rejected: addressed to partition p2, this host is in p1");
  }

  @Test
  void handle_rejectsAnExpiredCommand() throws Exception {
    assertRejectedWithoutEffect(
        p1.sign(isolate().setIssuedAtMs(NOW - 72_000).setExpiresAtMs(NOW - 12_000).build()),
        "rejected: expired 12s ago");
  }

  @Test
  void handle_rejectsACommandIssuedInTheFuture() throws Exception {
    assertRejectedWithoutEffect(
        p1.sign(isolate().setIssuedAtMs(NOW + 75_000).setExpiresAtMs(NOW + 135_000).build()),
        "rejected: issued 75s in the future (allowed skew 60s)");
  }

  @Test
  void handle_acceptsSmallClockSkew() throws Exception {
    CommandResult result = agent.handle(p1.sign(isolate().setIssuedAtMs(NOW + 30_000).build()));
    assertThat(result.getOutcome()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
  }

  @Test
  void handle_rejectsAReplayedEnvelope() throws Exception {
    CommandEnvelope envelope = p1.sign(isolate().build());
    assertThat(agent.handle(envelope).getOutcome()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertRejectedWithoutEffect(envelope, "rejected: replayed envelope (nonce already seen)");
    assertThat(state.totalExecutions()).isEqualTo(1);
  }

  @Test
  void handle_rejectsACommandFencedByALaterEpoch() throws Exception {
    Command release = Commands.command("web-3", "p1", "release-host", NOW).setEpoch(2).build();
    assertThat(agent.handle(p1.sign(release)).getOutcome()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertRejectedWithoutEffect(
        p1.sign(isolate().setEpoch(1).build()),
        "rejected: superseded by epoch 2 (command has epoch 1) for incident inc-1");
    assertThat(state.executionsOfAction("isolate-host")).isZero();
  }

  @Test
  void handle_admitsTheSameEpochAndOtherIncidents() throws Exception {
    agent.handle(p1.sign(isolate().setEpoch(2).build()));
    assertThat(agent.handle(p1.sign(isolate().setEpoch(2).build())).getOutcome())
        .isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(agent.handle(p1.sign(isolate().setIncidentId("inc-2").build())).getOutcome())
        .isEqualTo(Outcome.OUTCOME_SUCCEEDED);
  }

  @Test
  void handle_rejectsAnUnknownAction() throws Exception {
    assertRejectedWithoutEffect(
        p1.sign(isolate().setAction("format-disk").build()),
        "rejected: unknown action 'format-disk' (this agent executes collect-evidence, "
            + "disable-account, enable-account, isolate-host, kill-process, release-host, "
            + "rotate-credential)");
  }

  @Test
  void handle_rejectsAnUnparseableEnvelope() throws Exception {
    CommandEnvelope garbage =
        p1.signBytes(ByteString.copyFrom(new byte[] {-1, -1, -1}), p1.keyId());
    CommandResult result = agent.handle(garbage);
    assertThat(result.getOutcome()).isEqualTo(Outcome.OUTCOME_REJECTED);
    assertThat(result.getDetail())
        .isEqualTo("rejected: envelope does not contain a parseable command");
    assertThat(state.totalExecutions()).isZero();
  }

  /** Five commands signed together, web-3's at index 2. */
  private List<CommandEnvelope> batchOfFive(PartitionKey key, String claimedKeyId) {
    List<Command> commands = new ArrayList<>();
    for (int host = 1; host <= 5; host++) {
      commands.add(Commands.command("web-" + host, "p1", "isolate-host", NOW).build());
    }
    return key.signBatch(commands, claimedKeyId);
  }

  @Test
  void handle_executesACommandSignedInABatch() throws Exception {
    CommandEnvelope mine = batchOfFive(p1, p1.keyId()).get(2);
    CommandResult result = agent.handle(mine);
    assertThat(result.getOutcome()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(state.isolated()).isTrue();
  }

  @Test
  void handle_rejectsAnotherHostsEnvelopeFromTheBatch() throws Exception {
    assertRejectedWithoutEffect(
        batchOfFive(p1, p1.keyId()).get(0), "rejected: addressed to host web-1, this is web-3");
  }

  @Test
  void handle_rejectsABatchSignatureOfAnotherKey() throws Exception {
    PartitionKey impostor = PartitionKey.generate("p1", dir);
    assertRejectedWithoutEffect(
        batchOfFive(impostor, p1.keyId()).get(2),
        "rejected: batch signature does not verify with key " + p1.keyId());
  }

  @Test
  void handle_rejectsACommandSwappedIntoTheBatch() throws Exception {
    CommandEnvelope mine = batchOfFive(p1, p1.keyId()).get(2);
    // A command for this host that was never in the batch, with a real proof and signature.
    CommandEnvelope swapped =
        mine.toBuilder()
            .setCommand(isolate().setAction("kill-process").build().toByteString())
            .build();
    assertRejectedWithoutEffect(
        swapped, "rejected: batch signature does not verify with key " + p1.keyId());
  }

  @Test
  void handle_rejectsAProofForAnotherLeafOrTreeShape() throws Exception {
    List<CommandEnvelope> batch = batchOfFive(p1, p1.keyId());
    CommandEnvelope mine = batch.get(2);
    assertRejectedWithoutEffect(
        mine.toBuilder().setBatch(batch.get(3).getBatch()).build(),
        "rejected: batch signature does not verify with key " + p1.keyId());
    assertRejectedWithoutEffect(
        mine.toBuilder().setBatch(mine.getBatch().toBuilder().setLeafCount(6)).build(),
        "rejected: batch signature does not verify with key " + p1.keyId());
  }

  @Test
  void handle_rejectsAMalformedBatchProofSayingWhatIsWrong() throws Exception {
    CommandEnvelope mine = batchOfFive(p1, p1.keyId()).get(2);
    assertRejectedWithoutEffect(
        mine.toBuilder().setBatch(mine.getBatch().toBuilder().setLeafIndex(9)).build(),
        "rejected: malformed batch proof: leaf 9 of a batch of 5");
    assertRejectedWithoutEffect(
        mine.toBuilder()
            .setBatch(mine.getBatch().toBuilder().addSiblings(mine.getBatch().getSiblings(0)))
            .build(),
        "rejected: malformed batch proof: proof has 4 sibling hashes, the batch needs 3");
    assertRejectedWithoutEffect(
        mine.toBuilder()
            .setBatch(mine.getBatch().toBuilder().setSiblings(1, ByteString.copyFromUtf8("short")))
            .build(),
        "rejected: malformed batch proof: sibling hash 2 has 5 bytes, not 32");
  }

  @Test
  void handle_neverTakesABatchSignatureForTheSignatureOfASingleCommand() throws Exception {
    List<Command> commands =
        List.of(isolate().build(), Commands.command("web-4", "p1", "isolate-host", NOW).build());
    BatchSignatures.Tree tree =
        BatchSignatures.tree(commands.stream().map(Command::toByteArray).toList());
    CommandEnvelope signed = p1.signBatch(commands).get(0);
    // The signed statement itself, presented as a command signed alone: the signature verifies,
    // but the statement can never parse as a command.
    CommandEnvelope statementAsCommand =
        CommandEnvelope.newBuilder()
            .setCommand(ByteString.copyFrom(tree.statement()))
            .setSignature(signed.getSignature())
            .setKeyId(p1.keyId())
            .build();
    CommandResult result = agent.handle(statementAsCommand);
    assertThat(result.getOutcome()).isEqualTo(Outcome.OUTCOME_REJECTED);
    assertThat(result.getDetail())
        .isEqualTo("rejected: envelope does not contain a parseable command");
    assertThat(state.totalExecutions()).isZero();
  }
}
