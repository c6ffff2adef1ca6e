package io.firebreak.orchestrator.audit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of the audit trail: drops map entries whose key names a secret (any key
 * containing secret, password, passwd, passphrase, token, authorization, credential, cookie,
 * apikey or privatekey, ignoring case and punctuation; except the identifiers {@code tokenId},
 * {@code tokenName} and {@code tokenRole}), at any depth, and masks values that look like bearer
 * credentials or Firebreak API tokens wherever they appear. {@link AuditLog} applies it to every
 * event; callers may use it for anything else they persist. Stateless and thread-safe.
 */
public final class Redaction {
  /** What replaces a credential found inside a string value. */
  public static final String MASK = "[redacted]";

  private static final List<String> SENSITIVE_WORDS = List.of("secret", "password", "passwd", "passphrase",
      "token", "authorization", "credential", "cookie", "apikey", "privatekey");
  private static final Set<String> NOT_SENSITIVE = Set.of("tokenid", "tokenname", "tokenrole");
  private static final Pattern SCHEME_CREDENTIAL =
      Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}");
  private static final Pattern API_TOKEN = Pattern.compile("fbk_[A-Za-z0-9_-]{16,}");

  private Redaction() {}

  /** Whether an entry named {@code key} must not be recorded. */
  public static boolean isSensitiveKey(String key) {
    StringBuilder normalized = new StringBuilder(key.length());
    for (int i = 0; i < key.length(); i++) {
      char c = Character.toLowerCase(key.charAt(i));
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        normalized.append(c);
      }
    }
    return isSensitiveName(normalized.toString());
  }

  private static boolean isSensitiveName(String normalized) {
    if (NOT_SENSITIVE.contains(normalized)) {
      return false;
    }
    for (String word : SENSITIVE_WORDS) {
      if (normalized.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** A copy of {@code details} without sensitive keys and with credential-looking values masked. */
  public static Map<String, Object> redact(Map<String, ?> details) {
    Map<String, Object> copy = new LinkedHashMap<>();
    details.forEach((key, value) -> {
      if (!isSensitiveKey(String.valueOf(key))) {
        copy.put(key, redactValue(value));
      }
    });
    return copy;
  }

  private static Object redactValue(Object value) {
    if (value instanceof CharSequence text) {
      return maskCredentials(text.toString());
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> nested = new LinkedHashMap<>();
      map.forEach((key, item) -> nested.put(String.valueOf(key), item));
      return redact(nested);
    }
    if (value instanceof Collection<?> items) {
      List<Object> list = new ArrayList<>(items.size());
      items.forEach(item -> list.add(redactValue(item)));
      return list;
    }
    if (value instanceof Object[] items) {
      return redactValue(java.util.Arrays.asList(items));
    }
    return value;
  }

  /** {@code text} with bearer/basic credentials and Firebreak API tokens replaced by {@link #MASK}. */
  public static String maskCredentials(String text) {
    if (!mightHoldCredential(text)) {
      return text; // most values (host names, outcomes, ids): no regex needed
    }
    String masked = SCHEME_CREDENTIAL.matcher(text).replaceAll(match -> match.group(1) + " " + MASK);
    return API_TOKEN.matcher(masked).replaceAll(MASK);
  }

  /** False only if neither pattern can match: no "fbk_", no "bearer" or "basic" in any case. */
  private static boolean mightHoldCredential(String text) {
    return text.contains("fbk_") || containsIgnoringCase(text, "bearer") || containsIgnoringCase(text, "basic");
  }

  /** For lower-case ASCII {@code word}s: compares only where the first letter matches (every audit value is checked). */
  private static boolean containsIgnoringCase(String text, String word) {
    char first = word.charAt(0);
    for (int i = 0; i + word.length() <= text.length(); i++) {
      if ((text.charAt(i) | 0x20) == first && text.regionMatches(true, i, word, 0, word.length())) {
        return true;
      }
    }
    return false;
  }
}
