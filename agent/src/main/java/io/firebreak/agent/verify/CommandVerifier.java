package io.firebreak.agent.verify;

import com.google.protobuf.InvalidProtocolBufferException;
import io.firebreak.agent.trust.PartitionKeyFiles.TrustedKey;
import io.firebreak.agent.trust.TrustStore;
import io.firebreak.proto.agent.v1.Command;
import io.firebreak.proto.agent.v1.CommandEnvelope;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether a command envelope may be acted on by this host: the signing key is pinned, the
 * Ed25519 signature over the command bytes (or, for a batch, over the statement its {@link
 * BatchSignatures proof} leads to) verifies, the key signs for the command's partition, the
 * command is addressed to this host and partition, it has not expired and was not issued in the
 * future (beyond the allowed clock skew), the action is one this agent executes, and the envelope
 * is not a replay (its nonce was not seen before the command's expiry).
 *
 * <p>The per-incident epoch fence is checked by the caller under the command id lock, after the
 * journal lookup (see {@link EpochFence}). Thread-safe.
 */
public final class CommandVerifier {
  /** How far in the future an issue time may be before the command is refused. */
  public static final Duration DEFAULT_ALLOWED_SKEW = Duration.ofSeconds(60);

  /** How many unexpired nonces are held per host before new envelopes are refused. */
  public static final int DEFAULT_NONCE_CAPACITY = 100_000;

  private final String hostId;
  private final String partition;
  private final TrustStore trust;
  private final Set<String> actions;
  private final Clock clock;
  private final long allowedSkewMs;
  private final NonceCache nonces;
  private final SignatureChecker signatures;

  public CommandVerifier(
      String hostId, String partition, TrustStore trust, Set<String> actions, Clock clock) {
    this(hostId, partition, trust, actions, clock, new SignatureChecker());
  }

  /** As above, with a signature checker shared with other hosts of this process. */
  public CommandVerifier(
      String hostId,
      String partition,
      TrustStore trust,
      Set<String> actions,
      Clock clock,
      SignatureChecker signatures) {
    this.signatures = signatures;
    this.hostId = hostId;
    this.partition = partition;
    this.trust = trust;
    this.actions = Set.copyOf(actions);
    this.clock = clock;
    this.allowedSkewMs = DEFAULT_ALLOWED_SKEW.toMillis();
    this.nonces = new NonceCache(DEFAULT_NONCE_CAPACITY);
  }

  /** Verifies {@code envelope}; an accepted envelope's nonce is remembered from now on. */
  public Verdict verify(CommandEnvelope envelope) {
    Command command;
    try {
      command = Command.parseFrom(envelope.getCommand());
    } catch (InvalidProtocolBufferException e) {
      return Verdict.reject(null, "envelope does not contain a parseable command");
    }
    Optional<String> refusal = authenticate(envelope, command).or(() -> checkAudience(command));
    if (refusal.isEmpty()) {
      refusal = checkTime(command).or(() -> checkAction(command)).or(() -> checkReplay(command));
    }
    return refusal.map(reason -> Verdict.reject(command, reason)).orElse(Verdict.accept(command));
  }

  private Optional<String> authenticate(CommandEnvelope envelope, Command command) {
    String keyId = envelope.getKeyId();
    Optional<TrustedKey> key = trust.find(keyId);
    if (key.isEmpty()) {
      return Optional.of("unknown key id '" + keyId + "' (not pinned on this host)");
    }
    byte[] signed = envelope.getCommand().toByteArray();
    byte[] signature = envelope.getSignature().toByteArray();
    if (envelope.hasBatch()) {
      byte[] statement;
      try {
        statement = BatchSignatures.statementFor(signed, envelope.getBatch());
      } catch (IllegalArgumentException e) {
        return Optional.of("malformed batch proof: " + e.getMessage());
      }
      if (!signatures.verifyStatement(key.get(), statement, signature)) {
        return Optional.of("batch signature does not verify with key " + keyId);
      }
    } else if (!signatures.verify(key.get(), signed, signature)) {
      return Optional.of("signature does not verify with key " + keyId);
    }
    if (!key.get().partition().equals(command.getPartition())) {
      return Optional.of(
          "key "
              + keyId
              + " signs for partition "
              + key.get().partition()
              + ", command is for partition "
              + command.getPartition());
    }
    return Optional.empty();
  }

  private Optional<String> checkAudience(Command command) {
    if (command.getCommandId().isEmpty()) {
      return Optional.of("command has no command id");
    }
    if (!command.getHostId().equals(hostId)) {
      return Optional.of("addressed to host " + command.getHostId() + ", this is " + hostId);
    }
    if (!command.getPartition().equals(partition)) {
      return Optional.of(
          "addressed to partition " + command.getPartition() + ", this host is in " + partition);
    }
    return Optional.empty();
  }

  private Optional<String> checkTime(Command command) {
    long now = clock.millis();
    if (command.getExpiresAtMs() <= 0) {
      return Optional.of("command has no expiry");
    }
    if (now > command.getExpiresAtMs()) {
      return Optional.of("expired " + describe(now - command.getExpiresAtMs()) + " ago");
    }
    if (command.getIssuedAtMs() > now + allowedSkewMs) {
      return Optional.of(
          "issued "
              + describe(command.getIssuedAtMs() - now)
              + " in the future (allowed skew "
              + describe(allowedSkewMs)
              + ")");
    }
    return Optional.empty();
  }

  private Optional<String> checkAction(Command command) {
    if (actions.contains(command.getAction())) {
      return Optional.empty();
    }
    String known = actions.isEmpty() ? "no actions" : String.join(", ", new TreeSet<>(actions));
    return Optional.of(
        "unknown action '" + command.getAction() + "' (this agent executes " + known + ")");
  }

  private Optional<String> checkReplay(Command command) {
    if (command.getNonce().isEmpty()) {
      return Optional.of("command has no nonce");
    }
    switch (nonces.remember(command.getNonce(), command.getExpiresAtMs(), clock.millis())) {
      case REPLAYED:
        return Optional.of("replayed envelope (nonce already seen)");
      case FULL:
        return Optional.of("too many unexpired commands held for replay protection; retry later");
      default:
        return Optional.empty();
    }
  }

  static String describe(long millis) {
    return millis < 1_000 ? millis + "ms" : (millis / 1_000) + "s";
  }
}
