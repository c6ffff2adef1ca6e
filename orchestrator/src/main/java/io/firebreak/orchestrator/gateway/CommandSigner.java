package io.firebreak.orchestrator.gateway;

import com.google.protobuf.ByteString;
import io.firebreak.orchestrator.incident.IncidentIds;
import io.firebreak.proto.agent.v1.Command;
import io.firebreak.proto.agent.v1.CommandEnvelope;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

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

  public CommandSigner(PartitionKeyStore keys, Duration ttl, Clock clock) {
    this.keys = keys;
    this.ttl = ttl;
    this.clock = clock;
  }

  /** A signed envelope for one host. */
  public CommandEnvelope sign(String incidentId, String step, String hostId, String partition, String action,
      Map<String, String> parameters, long epoch, String approvalRef) {
    long now = clock.millis();
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    Command command = Command.newBuilder()
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
    return sign(command);
  }

  /** Signs an already built command with its partition's key. */
  public CommandEnvelope sign(Command command) {
    PartitionKeyStore.PartitionKey key = keys.key(command.getPartition());
    byte[] bytes = command.toByteArray();
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(key.privateKey());
      signature.update(bytes);
      return CommandEnvelope.newBuilder()
          .setCommand(ByteString.copyFrom(bytes))
          .setSignature(ByteString.copyFrom(signature.sign()))
          .setKeyId(key.keyId())
          .build();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with " + key.keyId(), e);
    }
  }
}
