package io.firebreak.agent.journal;

import io.firebreak.proto.agent.v1.Command;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

/**
 * SHA-256 over what a command means: action, host, partition, parameters sorted by name, incident,
 * step and epoch, each length-prefixed so that no two different commands encode alike. The
 * per-envelope fields (issue and expiry time, nonce) are left out, so a retry of the same command
 * in a fresh envelope has the same digest. Stateless and thread-safe.
 */
public final class IntentDigest {
  private static final String VERSION = "firebreak.intent.v1";

  private IntentDigest() {}

  /** The 32-byte digest of {@code command}. */
  public static byte[] of(Command command) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      writeString(out, VERSION);
      writeString(out, command.getAction());
      writeString(out, command.getHostId());
      writeString(out, command.getPartition());
      Map<String, String> sorted = new TreeMap<>(command.getParametersMap());
      out.writeInt(sorted.size());
      for (Map.Entry<String, String> parameter : sorted.entrySet()) {
        writeString(out, parameter.getKey());
        writeString(out, parameter.getValue());
      }
      writeString(out, command.getIncidentId());
      writeString(out, command.getStep());
      out.writeLong(command.getEpoch());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }
}
