package io.firebreak.agent.credential;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Lines of an OpenSSH {@code authorized_keys} file: {@code [options] keytype base64-blob
 * [comment]}, where options may hold quoted spaces. A line is a key when its blob decodes and names
 * the same key type as the line (as sshd checks); blank lines and {@code #} comments are not keys;
 * anything else is unparsed (sshd ignores it too). Stateless.
 */
final class AuthorizedKeys {
  private AuthorizedKeys() {}

  /**
   * One key line.
   *
   * @param line the line as in the file
   * @param type the key type, e.g. {@code ssh-ed25519}
   * @param fingerprint {@code SHA256:...} as {@code ssh-keygen -lf} prints it
   * @param comment the comment after the blob, empty if none
   */
  record Key(String line, String type, String fingerprint, String comment) {

    /** Whether {@code selector} is this key's fingerprint or its comment. */
    boolean matches(String selector) {
      return selector.equals(fingerprint) || (!comment.isEmpty() && selector.equals(comment));
    }
  }

  /** What a line is. */
  enum LineKind {
    KEY,
    /** Blank or a {@code #} comment. */
    COMMENT,
    UNPARSED
  }

  /** The kind of {@code line}. */
  static LineKind kind(String line) {
    String stripped = line.strip();
    if (stripped.isEmpty() || stripped.startsWith("#")) {
      return LineKind.COMMENT;
    }
    return parse(line).isPresent() ? LineKind.KEY : LineKind.UNPARSED;
  }

  /** The key on {@code line}, if it holds one. */
  static Optional<Key> parse(String line) {
    String stripped = line.strip();
    if (stripped.isEmpty() || stripped.startsWith("#")) {
      return Optional.empty();
    }
    List<int[]> tokens = tokens(stripped);
    // The key type is the first field, or the second after an options field.
    for (int index = 0; index < 2 && index + 1 < tokens.size(); index++) {
      String type = text(stripped, tokens.get(index));
      Optional<byte[]> blob = blob(text(stripped, tokens.get(index + 1)), type);
      if (blob.isPresent()) {
        String comment = stripped.substring(tokens.get(index + 1)[1]).strip();
        return Optional.of(new Key(line, type, fingerprint(blob.get()), comment));
      }
    }
    return Optional.empty();
  }

  /** {@code SHA256:} and the unpadded base64 SHA-256 of a public key blob, as OpenSSH prints. */
  static String fingerprint(byte[] blob) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
      return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /**
   * The decoded blob if {@code text} is base64 of a blob that starts with the string {@code type}.
   */
  private static Optional<byte[]> blob(String text, String type) {
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (blob.length < 4) {
      return Optional.empty();
    }
    int length = ByteBuffer.wrap(blob).getInt();
    if (length <= 0 || length > blob.length - 4) {
      return Optional.empty();
    }
    String named = new String(blob, 4, length, StandardCharsets.US_ASCII);
    return named.equals(type) ? Optional.of(blob) : Optional.empty();
  }

  /** Start and end offsets of the whitespace-separated fields; double quotes protect spaces. */
  private static List<int[]> tokens(String line) {
    List<int[]> tokens = new ArrayList<>();
    int index = 0;
    while (index < line.length()) {
      while (index < line.length() && Character.isWhitespace(line.charAt(index))) {
        index++;
      }
      if (index == line.length()) {
        break;
      }
      int start = index;
      boolean quoted = false;
      while (index < line.length() && (quoted || !Character.isWhitespace(line.charAt(index)))) {
        char character = line.charAt(index);
        if (character == '\\' && quoted && index + 1 < line.length()) {
          index++;
        } else if (character == '"') {
          quoted = !quoted;
        }
        index++;
      }
      tokens.add(new int[] {start, index});
    }
    return tokens;
  }

  private static String text(String line, int[] token) {
    return line.substring(token[0], token[1]);
  }
}
