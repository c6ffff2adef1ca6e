package io.firebreak.orchestrator.gateway;

import com.google.protobuf.ByteString;
import io.firebreak.agent.verify.BatchSignatures;
import io.firebreak.orchestrator.incident.IncidentIds;
import io.firebreak.proto.agent.v1.Command;
import io.firebreak.proto.agent.v1.CommandEnvelope;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;

/**
 * Builds and signs command envelopes with the target partition's key. Every call makes a new
 * envelope (new nonce, new issue and expiry times) for the same stable command id, so a retry is
 * not a replay. Thread-safe.
 */
public final class CommandSigner {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PartitionKeyStore keys;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Ed25519PrivateKeyParameters> decodedKeys = new ConcurrentHashMap<>();

  public CommandSigner(PartitionKeyStore keys, Duration ttl, Clock clock) {
    this.keys = keys;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** A signed envelope for one host. */
  public CommandEnvelope sign(String incidentId, String step, String hostId, String partition, String action,
      Map<String, String> parameters, long epoch, String approvalRef) {
    return sign(command(incidentId, step, hostId, partition, action, parameters, epoch, approvalRef));
  }

  /** A new command for one host (new nonce, issue and expiry times), to sign alone or in a batch. */
  public Command command(String incidentId, String step, String hostId, String partition, String action,
      Map<String, String> parameters, long epoch, String approvalRef) {
    long now = clock.millis();
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    return Command.newBuilder()
        .setCommandId(IncidentIds.commandId(incidentId, step, hostId, epoch))
        .setHostId(hostId)
        .setPartition(partition)
        .setAction(action)
        .putAllParameters(parameters)
        .setIssuedAtMs(now)
        .setExpiresAtMs(now + ttl.toMillis())
        .setApprovalRef(approvalRef == null ? "" : approvalRef)
        .setIncidentId(incidentId)
        .setStep(step)
        .setEpoch(epoch)
        .setNonce(HexFormat.of().formatHex(nonce))
        .build();
  }

  /**
   * Signs an already built command with its partition's key. Uses Bouncy Castle's Ed25519, about
   * ten times faster than the JDK's on small machines; the signature is the same standard Ed25519.
   */
  public CommandEnvelope sign(Command command) {
    PartitionKeyStore.PartitionKey key = keys.key(command.getPartition());
    byte[] bytes = command.toByteArray();
    return CommandEnvelope.newBuilder()
        .setCommand(ByteString.copyFrom(bytes))
        .setSignature(ByteString.copyFrom(signature(key, bytes)))
        .setKeyId(key.keyId())
        .build();
  }

  /**
   * Signs {@code commands} with one signature per partition: each partition's commands become the
   * leaves of a tree whose root is signed once, and each envelope carries its command's proof (see
   * {@link BatchSignatures}). Only for agents with the {@value BatchSignatures#FEATURE} feature. A
   * partition with a single command gets a plain signature. Envelopes are in the commands' order.
   */
  public List<CommandEnvelope> signBatch(List<Command> commands) {
    Map<String, List<Integer>> byPartition = new LinkedHashMap<>();
    for (int i = 0; i < commands.size(); i++) {
      byPartition.computeIfAbsent(commands.get(i).getPartition(), partition -> new ArrayList<>()).add(i);
    }
    CommandEnvelope[] envelopes = new CommandEnvelope[commands.size()];
    byPartition.forEach((partition, indexes) -> {
      if (indexes.size() == 1) {
        envelopes[indexes.get(0)] = sign(commands.get(indexes.get(0)));
        return;
      }
      PartitionKeyStore.PartitionKey key = keys.key(partition);
      List<byte[]> bytes = new ArrayList<>(indexes.size());
      for (int index : indexes) {
        bytes.add(commands.get(index).toByteArray());
      }
      BatchSignatures.Tree tree = BatchSignatures.tree(bytes);
      ByteString signature = ByteString.copyFrom(signature(key, tree.statement()));
      for (int leaf = 0; leaf < indexes.size(); leaf++) {
        envelopes[indexes.get(leaf)] = CommandEnvelope.newBuilder()
            .setCommand(ByteString.copyFrom(bytes.get(leaf)))
            .setSignature(signature)
            .setKeyId(key.keyId())
            .setBatch(tree.proof(leaf))
            .build();
      }
    });
    return Arrays.asList(envelopes);
  }

  private byte[] signature(PartitionKeyStore.PartitionKey key, byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, decodedKeys.computeIfAbsent(key.keyId(), id -> decode(key)));
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  private static Ed25519PrivateKeyParameters decode(PartitionKeyStore.PartitionKey key) {
    try {
      return (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(key.privateKey().getEncoded());
    } catch (IOException | ClassCastException e) {
      throw new IllegalStateException("the key " + key.keyId() + " is not an Ed25519 private key", e);
    }
  }
}
