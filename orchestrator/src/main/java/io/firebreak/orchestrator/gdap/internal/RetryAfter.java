package io.firebreak.orchestrator.gdap.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Parses an HTTP {@code Retry-After} header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. */
public final class RetryAfter {
  private RetryAfter() {}

  /**
   * The wait the server asked for, measured from {@code now}; empty when the header is absent or
   * malformed. A date in the past gives {@link Duration#ZERO}.
   */
  public static Optional<Duration> parse(String header, Instant now) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.strip();
    if (value.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
      } catch (NumberFormatException tooLong) {
        return Optional.empty();
      }
    }
    try {
      Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(now, at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException malformed) {
      return Optional.empty();
    }
  }
}
