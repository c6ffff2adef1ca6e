package io.firebreak.agent.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.firebreak.proto.agent.v1.BatchProof;
import io.firebreak.proto.agent.v1.Command;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchSignaturesTest {

  private static List<byte[]> commands(int count) {
    List<byte[]> commands = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      commands.add(("command " + i).getBytes(StandardCharsets.UTF_8));
    }
    return commands;
  }

  @Test
  void everyLeafOfEveryTreeShapeLeadsToTheSignedStatement() {
    for (int size = 1; size <= 70; size++) {
      List<byte[]> commands = commands(size);
      BatchSignatures.Tree tree = BatchSignatures.tree(commands);
      for (int leaf = 0; leaf < size; leaf++) {
        BatchProof proof = tree.proof(leaf);
        assertThat(BatchSignatures.statementFor(commands.get(leaf), proof))
            .as("leaf %d of %d", leaf, size)
            .isEqualTo(tree.statement());
        // The proof is as short as the tree is deep.
        assertThat(proof.getSiblingsCount()).isLessThanOrEqualTo(32 - Integer.numberOfLeadingZeros(size - 1));
      }
    }
  }

  @Test
  void anyChangedSiblingOrCommandLeadsElsewhere() {
    List<byte[]> commands = commands(13);
    BatchSignatures.Tree tree = BatchSignatures.tree(commands);
    BatchProof proof = tree.proof(6);
    for (int i = 0; i < proof.getSiblingsCount(); i++) {
      byte[] changed = proof.getSiblings(i).toByteArray();
      changed[31] ^= 1;
      BatchProof bad = proof.toBuilder().setSiblings(i, ByteString.copyFrom(changed)).build();
      assertThat(BatchSignatures.statementFor(commands.get(6), bad)).isNotEqualTo(tree.statement());
    }
    assertThat(BatchSignatures.statementFor(commands.get(5), proof)).isNotEqualTo(tree.statement());
  }

  @Test
  void theStatementBindsTheNumberOfCommands() {
    // Twelve and thirteen leaves can share the path of leaf 0; the statements still differ.
    BatchSignatures.Tree twelve = BatchSignatures.tree(commands(12));
    BatchSignatures.Tree thirteen = BatchSignatures.tree(commands(13));
    assertThat(twelve.statement()).isNotEqualTo(thirteen.statement());
  }

  @Test
  void malformedProofsAreRefusedWithTheReason() {
    byte[] command = commands(1).get(0);
    assertThatThrownBy(() -> BatchSignatures.statementFor(command, BatchProof.getDefaultInstance()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch of 0 commands (1 to 1048576 allowed)");
    assertThatThrownBy(
            () ->
                BatchSignatures.statementFor(
                    command, BatchProof.newBuilder().setLeafCount(-1).build()))
        .hasMessage("batch of 4294967295 commands (1 to 1048576 allowed)");
    assertThatThrownBy(
            () ->
                BatchSignatures.statementFor(
                    command, BatchProof.newBuilder().setLeafCount(4).setLeafIndex(1).build()))
        .hasMessage("proof has 0 sibling hashes, the batch needs more");
  }

  @Test
  void aStatementIsNeverAParseableCommand() {
    byte[] statement = BatchSignatures.tree(commands(3)).statement();
    assertThatThrownBy(() -> Command.parseFrom(statement))
        .isInstanceOf(InvalidProtocolBufferException.class);
  }
}
