package io.firebreak.orchestrator.audit;

import io.firebreak.orchestrator.storage.PrivateKeyFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ed25519 key that signs audit checkpoints. Generated on first start in the data directory:
 * {@value #PRIVATE_KEY_FILE} (PKCS#8 PEM, mode 0600 from creation; a start refuses the file if
 * group or others may read it) and {@value #PUBLIC_KEY_FILE} (the public half, for auditors). The
 * public key is always derived from the private one, and the public file rewritten if it is
 * missing or differs. Immutable after {@link #openOrCreate}; thread-safe.
 */
public final class AuditSigningKey {
  private static final Logger LOG = LoggerFactory.getLogger(AuditSigningKey.class);
  public static final String PRIVATE_KEY_FILE = "audit-key.pem";
  public static final String PUBLIC_KEY_FILE = "audit-key.pub.pem";

  private final PrivateKey privateKey;
  private final AuditPublicKey publicKey;

  private AuditSigningKey(PrivateKey privateKey, AuditPublicKey publicKey) {
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /**
   * Loads the audit key from {@code dataDir}, generating it on first use.
   *
   * @throws IOException if a key file cannot be read or written, the private key is readable by
   *     others, or it is not an Ed25519 key; the message names the file
   */
  public static AuditSigningKey openOrCreate(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    Path privateFile = dataDir.resolve(PRIVATE_KEY_FILE);
    Path publicFile = dataDir.resolve(PUBLIC_KEY_FILE);
    AuditSigningKey key = Files.exists(privateFile) ? load(privateFile) : generate(privateFile);
    String pem = key.publicKey.pem();
    if (!Files.exists(publicFile) || !Files.readString(publicFile, StandardCharsets.US_ASCII).equals(pem)) {
      if (Files.exists(publicFile)) {
        LOG.warn("{} did not match the audit private key; rewrote it", publicFile);
      }
      Files.writeString(publicFile, pem, StandardCharsets.US_ASCII);
    }
    return key;
  }

  public AuditPublicKey publicKey() {
    return publicKey;
  }

  public String keyId() {
    return publicKey.keyId();
  }

  /** The Ed25519 signature of {@code payload}. */
  public byte[] sign(byte[] payload) {
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(privateKey);
      signer.update(payload);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with the audit key " + keyId(), e);
    }
  }

  private static AuditSigningKey generate(Path privateFile) throws IOException {
    KeyPair pair = PrivateKeyFiles.generateEd25519();
    PrivateKeyFiles.writeOwnerOnly(privateFile, pair.getPrivate());
    AuditSigningKey key = new AuditSigningKey(pair.getPrivate(), new AuditPublicKey(pair.getPublic()));
    LOG.info("Generated the audit checkpoint key {} in {}", key.keyId(), privateFile);
    return key;
  }

  private static AuditSigningKey load(Path privateFile) throws IOException {
    byte[] pkcs8 = PrivateKeyFiles.readOwnerOnly(privateFile);
    try {
      PrivateKey privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      // The JDK cannot derive an Ed25519 public key from a private one; Bouncy Castle can.
      Ed25519PrivateKeyParameters parameters = (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(pkcs8);
      byte[] x509 = SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(parameters.generatePublicKey()).getEncoded();
      PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
      return new AuditSigningKey(privateKey, new AuditPublicKey(publicKey));
    } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
      throw new IOException(privateFile + ": not an Ed25519 private key: " + e.getMessage(), e);
    }
  }
}
