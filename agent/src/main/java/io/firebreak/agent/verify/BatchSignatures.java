package io.firebreak.agent.verify;

import com.google.protobuf.ByteString;
import io.firebreak.proto.agent.v1.BatchProof;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * One Ed25519 signature for a batch of commands: the gateway signs the Merkle root of the
 * commands' hashes once, and each host gets its own command with the sibling hashes that lead from
 * it to the root ({@link BatchProof}). A host still verifies one signature, as with a command
 * signed alone; the gateway signs once per batch instead of once per host.
 *
 * <p>Leaves and inner nodes are hashed with different prefixes (0x00, 0x01), so no inner node can
 * pass as a command, and the signed statement binds the number of leaves, so a proof cannot be
 * replayed against another tree shape. The statement starts with a byte that is not a valid
 * protobuf tag, so a batch signature can never pass as the signature of a single command.
 */
public final class BatchSignatures {
  /** The Hello feature of agents that verify batch envelopes. */
  public static final String FEATURE = "batch-signature";

  /** Largest batch one signature may cover (a proof of at most 20 hashes). */
  public static final int MAX_LEAVES = 1 << 20;

  private static final byte[] STATEMENT_PREFIX =
      "firebreak-command-batch/v1\0".getBytes(StandardCharsets.US_ASCII);
  private static final int HASH_BYTES = 32;
  private static final byte LEAF = 0x00;
  private static final byte NODE = 0x01;

  private BatchSignatures() {}

  /** The hash of one command's bytes as a leaf of the tree. */
  public static byte[] leafHash(byte[] command) {
    MessageDigest sha = sha256();
    sha.update(LEAF);
    sha.update(command);
    return sha.digest();
  }

  /** What the gateway signs for a batch of {@code leafCount} commands with this root. */
  public static byte[] statement(int leafCount, byte[] root) {
    return ByteBuffer.allocate(STATEMENT_PREFIX.length + 4 + root.length)
        .put(STATEMENT_PREFIX)
        .putInt(leafCount)
        .put(root)
        .array();
  }

  /**
   * The statement {@code command} is covered by if {@code proof} is sound, for the verifier to
   * check the signature against.
   *
   * @throws IllegalArgumentException saying what is wrong with a malformed proof
   */
  public static byte[] statementFor(byte[] command, BatchProof proof) {
    long count = Integer.toUnsignedLong(proof.getLeafCount());
    long index = Integer.toUnsignedLong(proof.getLeafIndex());
    if (count < 1 || count > MAX_LEAVES) {
      throw new IllegalArgumentException("batch of " + count + " commands (1 to " + MAX_LEAVES + " allowed)");
    }
    if (index >= count) {
      throw new IllegalArgumentException("leaf " + index + " of a batch of " + count);
    }
    MessageDigest sha = sha256();
    byte[] hash = leafHash(command);
    int used = 0;
    for (long at = index, width = count; width > 1; at /= 2, width = (width + 1) / 2) {
      boolean hasSibling = (at % 2 == 1) || at + 1 < width;
      if (!hasSibling) {
        continue; // the level's last node moves up unchanged
      }
      if (used == proof.getSiblingsCount()) {
        throw new IllegalArgumentException("proof has " + used + " sibling hashes, the batch needs more");
      }
      ByteString sibling = proof.getSiblings(used++);
      if (sibling.size() != HASH_BYTES) {
        throw new IllegalArgumentException("sibling hash " + used + " has " + sibling.size() + " bytes, not 32");
      }
      hash = at % 2 == 1 ? node(sha, sibling.toByteArray(), hash) : node(sha, hash, sibling.toByteArray());
    }
    if (used != proof.getSiblingsCount()) {
      throw new IllegalArgumentException(
          "proof has " + proof.getSiblingsCount() + " sibling hashes, the batch needs " + used);
    }
    return statement((int) count, hash);
  }

  /** The tree over a batch's commands, built once by the signer. */
  public static Tree tree(List<byte[]> commands) {
    if (commands.isEmpty() || commands.size() > MAX_LEAVES) {
      throw new IllegalArgumentException("a batch has 1 to " + MAX_LEAVES + " commands, not " + commands.size());
    }
    List<byte[][]> levels = new ArrayList<>();
    byte[][] level = new byte[commands.size()][];
    for (int i = 0; i < level.length; i++) {
      level[i] = leafHash(commands.get(i));
    }
    levels.add(level);
    MessageDigest sha = sha256();
    while (level.length > 1) {
      byte[][] up = new byte[(level.length + 1) / 2][];
      for (int i = 0; i < up.length; i++) {
        up[i] = 2 * i + 1 < level.length ? node(sha, level[2 * i], level[2 * i + 1]) : level[2 * i];
      }
      levels.add(up);
      level = up;
    }
    return new Tree(levels);
  }

  /** A built tree: its signed statement and each leaf's proof. */
  public static final class Tree {
    private final List<byte[][]> levels;

    private Tree(List<byte[][]> levels) {
      this.levels = levels;
    }

    public int size() {
      return levels.get(0).length;
    }

    /** The bytes to sign. */
    public byte[] statement() {
      return BatchSignatures.statement(size(), levels.get(levels.size() - 1)[0]);
    }

    /** The proof for the command at {@code index}. */
    public BatchProof proof(int index) {
      BatchProof.Builder proof = BatchProof.newBuilder().setLeafIndex(index).setLeafCount(size());
      int at = index;
      for (int depth = 0; depth < levels.size() - 1; depth++, at /= 2) {
        byte[][] level = levels.get(depth);
        int sibling = at ^ 1;
        if (sibling < level.length) {
          proof.addSiblings(ByteString.copyFrom(level[sibling]));
        }
      }
      return proof.build();
    }
  }

  private static byte[] node(MessageDigest sha, byte[] left, byte[] right) {
    sha.update(NODE);
    sha.update(left);
    sha.update(right);
    return sha.digest();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
