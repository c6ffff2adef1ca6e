package io.firebreak.agent.credential;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;

/**
 * New random secrets from {@link SecureRandom}, and the guard that keeps them out of text that
 * leaves the host. Thread-safe ({@link SecureRandom} is).
 */
final class Secrets {
  /** Length of a generated password: 32 characters of 75 kinds, about 199 bits. */
  static final int PASSWORD_LENGTH = 32;

  /**
   * No ':' (chpasswd's separator), no whitespace or quotes, nothing a shell or PAM treats oddly.
   */
  private static final byte[] PASSWORD_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#%+-./=?@^_~"
          .getBytes(StandardCharsets.US_ASCII);

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {}

  /** How a service secret's random bytes are written to its file. */
  enum Encoding {
    /** Standard base64 with padding, no line break. */
    BASE64,
    /** URL-safe base64 without padding. */
    BASE64URL,
    /** Lower-case hexadecimal. */
    HEX;

    /**
     * Parses {@code base64}, {@code base64url} or {@code hex}.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    static Encoding parse(String text) {
      try {
        return valueOf(text.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "parameter encoding must be base64, base64url or hex, got '" + text + "'", e);
      }
    }

    String encode(byte[] bytes) {
      return switch (this) {
        case BASE64 -> Base64.getEncoder().encodeToString(bytes);
        case BASE64URL -> Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        case HEX -> HexFormat.of().formatHex(bytes);
      };
    }

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A new password of {@value #PASSWORD_LENGTH} ASCII characters; the caller zeroes it. */
  static byte[] password() {
    byte[] password = new byte[PASSWORD_LENGTH];
    for (int index = 0; index < password.length; index++) {
      password[index] = PASSWORD_ALPHABET[RANDOM.nextInt(PASSWORD_ALPHABET.length)];
    }
    return password;
  }

  /** {@code count} random bytes; the caller zeroes them. */
  static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /**
   * {@code text} with every occurrence of {@code secret} replaced by {@code [redacted]}: for output
   * of a command that may have echoed the secret it was given (a reload script printing its
   * configuration), before it goes into a result.
   */
  static String redact(String text, String secret) {
    return secret.isEmpty() ? text : text.replace(secret, "[redacted]");
  }
}
