package io.firebreak.orchestrator.gdap.internal;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure worth retrying (429, 5xx, a broken connection), with the wait the server asked for in
 * {@code Retry-After}, if any. Internal to the retry loop; callers see a {@code GdapException}.
 */
final class TransientFailure extends Exception {
  private final int httpStatus;
  private final transient Optional<Duration> retryAfter;

  TransientFailure(String description, int httpStatus, Optional<Duration> retryAfter, Throwable cause) {
    super(description, cause);
    this.httpStatus = httpStatus;
    this.retryAfter = retryAfter;
  }

  int httpStatus() {
    return httpStatus;
  }

  Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
