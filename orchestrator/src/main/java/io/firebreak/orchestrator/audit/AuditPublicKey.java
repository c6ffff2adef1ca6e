package io.firebreak.orchestrator.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The public half of the audit key: what an auditor needs to check checkpoint signatures, also
 * offline against a copy of the database. Its file is a PEM {@code PUBLIC KEY} block (X.509
 * SubjectPublicKeyInfo) after comment lines; the key id ({@code audit:<first 16 hex digits of
 * SHA-256 over the encoded key>}) is always recomputed, never read from the file. Immutable and
 * thread-safe.
 */
public final class AuditPublicKey {
  private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String END = "-----END PUBLIC KEY-----";

  private final PublicKey key;
  private final String keyId;

  AuditPublicKey(PublicKey key) {
    if (!"Ed25519".equals(key.getAlgorithm()) && !"EdDSA".equals(key.getAlgorithm())) {
      throw new IllegalArgumentException("the audit key must be Ed25519, not " + key.getAlgorithm());
    }
    this.key = key;
    this.keyId = keyId(key);
  }

  /**
   * Reads a public key file written by the orchestrator ({@code audit-key.pub.pem}).
   *
   * @throws IOException naming the file and what is wrong with it
   */
  public static AuditPublicKey read(Path file) throws IOException {
    StringBuilder base64 = new StringBuilder();
    boolean inBody = false;
    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
      String trimmed = line.strip();
      if (trimmed.equals(BEGIN)) {
        inBody = true;
      } else if (trimmed.equals(END)) {
        inBody = false;
      } else if (inBody) {
        base64.append(trimmed);
      }
    }
    if (base64.length() == 0) {
      throw new IOException(file + ": no PUBLIC KEY block");
    }
    try {
      return new AuditPublicKey(KeyFactory.getInstance("Ed25519")
          .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64.toString()))));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(file + ": not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /** {@code audit:} and the first 16 hex digits of SHA-256 over the X.509 encoding. */
  public String keyId() {
    return keyId;
  }

  /** The key as a PEM block with a comment naming the key id. */
  public String pem() {
    return "# Firebreak audit checkpoint key (Ed25519), public half\n"
        + "# key-id: " + keyId + "\n"
        + BEGIN + "\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
        + "\n" + END + "\n";
  }

  /** Whether {@code signature} is this key's Ed25519 signature of {@code payload}. */
  public boolean verify(byte[] payload, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(payload);
      return verifier.verify(signature);
    } catch (java.security.SignatureException e) {
      return false; // a malformed signature is an invalid one
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available in this JDK", e);
    }
  }

  PublicKey key() {
    return key;
  }

  private static String keyId(PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return "audit:" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }
}
