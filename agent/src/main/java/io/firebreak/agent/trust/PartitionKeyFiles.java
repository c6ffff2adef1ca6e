package io.firebreak.agent.trust;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Reads and writes the public half of a partition's Ed25519 command-signing key.
 *
 * <p>The file is a PEM {@code PUBLIC KEY} block (X.509 SubjectPublicKeyInfo) preceded by comment
 * lines that name the partition and the key id. The orchestrator writes it next to the private key
 * on first start; agents pin it with {@code --trust FILE}. The key id is {@code
 * <partition>:<first 16 hex digits of SHA-256 over the encoded key>}, so it is recomputed, never
 * trusted from the file. Stateless and thread-safe.
 */
public final class PartitionKeyFiles {
  private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
  private static final String END = "-----END PUBLIC KEY-----";

  private PartitionKeyFiles() {}

  /** A pinned partition key. */
  public record TrustedKey(String keyId, String partition, PublicKey publicKey) {}

  /** The key id of {@code key} when it signs for {@code partition}. */
  public static String keyId(String partition, PublicKey key) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
      return partition + ":" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** Writes {@code key} for {@code partition} to {@code file} (world-readable: it is public). */
  public static void write(Path file, String partition, PublicKey key) throws IOException {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(key.getEncoded());
    String text = "# Firebreak command-signing key (Ed25519), public half\n"
        + "# partition: " + partition + "\n"
        + "# key-id: " + keyId(partition, key) + "\n"
        + BEGIN + "\n" + body + "\n" + END + "\n";
    Files.writeString(file, text, StandardCharsets.US_ASCII);
  }

  /**
   * Reads a public key file written by {@link #write}.
   *
   * @throws IOException if the file cannot be read or is not a valid partition key file; the
   *     message names the file and what is wrong
   */
  public static TrustedKey read(Path file) throws IOException {
    String partition = null;
    StringBuilder base64 = new StringBuilder();
    boolean inBody = false;
    for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
      String trimmed = line.strip();
      if (trimmed.startsWith("# partition:")) {
        partition = trimmed.substring("# partition:".length()).strip();
      } else if (trimmed.equals(BEGIN)) {
        inBody = true;
      } else if (trimmed.equals(END)) {
        inBody = false;
      } else if (inBody) {
        base64.append(trimmed);
      }
    }
    if (partition == null || partition.isEmpty()) {
      throw new IOException(file + ": missing '# partition: NAME' line");
    }
    if (base64.length() == 0) {
      throw new IOException(file + ": no PUBLIC KEY block");
    }
    try {
      PublicKey key = decode(Base64.getDecoder().decode(base64.toString()));
      return new TrustedKey(keyId(partition, key), partition, key);
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new IOException(file + ": not an Ed25519 public key: " + e.getMessage(), e);
    }
  }

  /** Decodes an X.509-encoded Ed25519 public key. */
  public static PublicKey decode(byte[] x509) throws GeneralSecurityException {
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
  }
}
