package io.firebreak.agent.verify;

import com.google.protobuf.ByteString;
import io.firebreak.agent.trust.PartitionKeyFiles.TrustedKey;
import java.io.IOException;
import java.security.PublicKey;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PublicKeyFactory;

/**
 * Ed25519 signature checks with Bouncy Castle (about 3× faster than the JDK's), with the pinned
 * keys decoded once. Thread-safe.
 *
 * <p>Batch statements that verified are remembered (the last {@value #REMEMBERED_STATEMENTS}):
 * hosts that share this checker — the simulated hosts of one process — verify a batch's signature
 * once, as real hosts would verify it side by side on their own processors. A single host gets a
 * statement once per batch, so for it the memory changes nothing. Only successes are remembered:
 * a forged signature is checked, and refused, every time.
 */
public final class SignatureChecker {
  static final int REMEMBERED_STATEMENTS = 4_096;
  private static final int SIGNATURE_BYTES = 64;

  private final Map<String, Ed25519PublicKeyParameters> decodedKeys = new ConcurrentHashMap<>();
  private final Map<Statement, Boolean> verified = new ConcurrentHashMap<>();
  private final Queue<Statement> verifiedOrder = new ConcurrentLinkedQueue<>();

  private record Statement(String keyId, ByteString message, ByteString signature) {}

  /** True when {@code signature} is {@code key}'s Ed25519 signature of {@code message}. */
  public boolean verify(TrustedKey key, byte[] message, byte[] signature) {
    if (signature.length != SIGNATURE_BYTES) {
      return false;
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, decodedKeys.computeIfAbsent(key.keyId(), id -> decode(key.publicKey())));
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(signature);
  }

  /**
   * As {@link #verify}, for a batch statement: a statement that verified before is not verified
   * again, and concurrent checks of the same statement wait for one verification.
   */
  public boolean verifyStatement(TrustedKey key, byte[] statement, byte[] signature) {
    Statement wanted = new Statement(key.keyId(), ByteString.copyFrom(statement), ByteString.copyFrom(signature));
    Boolean ok = verified.computeIfAbsent(wanted, s -> {
      if (!verify(key, statement, signature)) {
        return null; // not remembered
      }
      verifiedOrder.add(s);
      return Boolean.TRUE;
    });
    while (verified.size() > REMEMBERED_STATEMENTS) {
      Statement oldest = verifiedOrder.poll();
      if (oldest == null) {
        break;
      }
      verified.remove(oldest);
    }
    return ok != null;
  }

  /** How many verified statements are remembered now. */
  int remembered() {
    return verified.size();
  }

  /** A JDK Ed25519 public key (X.509 encoded) as Bouncy Castle parameters. */
  static Ed25519PublicKeyParameters decode(PublicKey key) {
    try {
      return (Ed25519PublicKeyParameters) PublicKeyFactory.createKey(key.getEncoded());
    } catch (IOException | ClassCastException e) {
      throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm(), e);
    }
  }
}
