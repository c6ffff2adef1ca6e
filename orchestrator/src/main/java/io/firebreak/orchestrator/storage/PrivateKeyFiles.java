package io.firebreak.orchestrator.storage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;

/**
 * The orchestrator's Ed25519 private key files (command-signing keys per partition, the audit
 * checkpoint key): PKCS#8 PEM, mode 0600 from creation (never readable by others, not even for a
 * moment), refused on load when group or others may read them.
 */
public final class PrivateKeyFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final String BEGIN = "-----BEGIN PRIVATE KEY-----";
  private static final String END = "-----END PRIVATE KEY-----";

  private PrivateKeyFiles() {}

  /** A new Ed25519 key pair. */
  public static KeyPair generateEd25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is not available in this JDK", e);
    }
  }

  /** Creates {@code file} (it must not exist) with mode 0600 and writes {@code key} to it. */
  public static void writeOwnerOnly(Path file, PrivateKey key) throws IOException {
    String pem = BEGIN + "\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
        + "\n" + END + "\n";
    Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    Files.writeString(file, pem, StandardCharsets.US_ASCII);
  }

  /**
   * The PKCS#8 bytes in {@code file}.
   *
   * @throws IOException if it cannot be read, group or others may read it, or it is not PEM; the
   *     message names the file
   */
  public static byte[] readOwnerOnly(Path file) throws IOException {
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
    if (!OWNER_ONLY.containsAll(mode)) {
      throw new IOException(file + ": private key is readable by others (mode "
          + PosixFilePermissions.toString(mode) + "); chmod 600 it");
    }
    String body = Files.readString(file, StandardCharsets.US_ASCII)
        .replace(BEGIN, "")
        .replace(END, "")
        .replaceAll("\\s", "");
    try {
      return Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": not an Ed25519 private key: " + e.getMessage(), e);
    }
  }
}
