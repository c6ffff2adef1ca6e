package io.firebreak.agent.testing;

import com.google.protobuf.ByteString;
import io.firebreak.agent.trust.PartitionKeyFiles;
import io.firebreak.agent.verify.BatchSignatures;
import io.firebreak.agent.trust.PartitionKeyFiles.TrustedKey;
import io.firebreak.proto.agent.v1.Command;
import io.firebreak.proto.agent.v1.CommandEnvelope;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;

/** A real Ed25519 partition signing key for tests, with its public half written to a key file. */
public record PartitionKey(String partition, KeyPair keyPair, String keyId, Path file) {

  /** Generates a key for {@code partition} and writes its public key file into {@code dir}. */
  public static PartitionKey generate(String partition, Path dir) throws Exception {
    KeyPair keyPair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Path file = dir.resolve(partition + "-" + System.nanoTime() + ".pub");
    PartitionKeyFiles.write(file, partition, keyPair.getPublic());
    return new PartitionKey(
        partition, keyPair, PartitionKeyFiles.keyId(partition, keyPair.getPublic()), file);
  }

  /** The pinned form, as an agent reads it from the file. */
  public TrustedKey trusted() throws IOException {
    return PartitionKeyFiles.read(file);
  }

  /** Signs {@code command} as the gateway does. */
  public CommandEnvelope sign(Command command) {
    return signBytes(command.toByteString(), keyId);
  }

  /** Signs {@code commands} together as the gateway does for connected hosts (one signature). */
  public List<CommandEnvelope> signBatch(List<Command> commands) {
    return signBatch(commands, keyId);
  }

  /** As {@link #signBatch(List)}, under an arbitrary key id (for forged envelopes). */
  public List<CommandEnvelope> signBatch(List<Command> commands, String claimedKeyId) {
    List<byte[]> bytes = commands.stream().map(Command::toByteArray).toList();
    BatchSignatures.Tree tree = BatchSignatures.tree(bytes);
    ByteString signature = signBytes(ByteString.copyFrom(tree.statement()), claimedKeyId).getSignature();
    List<CommandEnvelope> envelopes = new ArrayList<>();
    for (int i = 0; i < bytes.size(); i++) {
      envelopes.add(
          CommandEnvelope.newBuilder()
              .setCommand(ByteString.copyFrom(bytes.get(i)))
              .setSignature(signature)
              .setKeyId(claimedKeyId)
              .setBatch(tree.proof(i))
              .build());
    }
    return envelopes;
  }

  /** Signs arbitrary bytes under an arbitrary key id (for forged envelopes). */
  public CommandEnvelope signBytes(ByteString bytes, String claimedKeyId) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(keyPair.getPrivate());
      signature.update(bytes.toByteArray());
      return CommandEnvelope.newBuilder()
          .setCommand(bytes)
          .setSignature(ByteString.copyFrom(signature.sign()))
          .setKeyId(claimedKeyId)
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
