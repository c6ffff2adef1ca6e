package io.firebreak.orchestrator.gdap.internal;

import io.firebreak.orchestrator.gdap.GdapException;
import io.firebreak.orchestrator.gdap.GdapException.Kind;
import io.firebreak.orchestrator.gdap.Sleeper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Sends one Graph request with everything around it: a bearer token (renewed once on 401), the
 * client-side rate limiter, the circuit breaker, and retries of 429, 500, 502, 503, 504 and broken
 * connections, honouring {@code Retry-After}, with exponential backoff otherwise, a bounded number
 * of attempts and a total deadline per call. Every wait goes through the {@link Sleeper}.
 * Thread-safe.
 */
public final class GraphTransport {
  /** A response Graph gave that is not transient: 2xx, or a 4xx for the caller to interpret. */
  public record Response(int status, String body, HttpHeaders headers) {}

  /** Retry settings of one call. */
  public record Policy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration callDeadline,
      Duration requestTimeout) {}

  private final HttpClient http;
  private final ClientCredentialsTokens tokens;
  private final RateLimiter rateLimiter;
  private final CircuitBreaker circuitBreaker;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Policy policy;

  public GraphTransport(HttpClient http, ClientCredentialsTokens tokens, RateLimiter rateLimiter,
      CircuitBreaker circuitBreaker, Clock clock, Sleeper sleeper, Policy policy) {
    this.http = http;
    this.tokens = tokens;
    this.rateLimiter = rateLimiter;
    this.circuitBreaker = circuitBreaker;
    this.clock = clock;
    this.sleeper = sleeper;
    this.policy = policy;
  }

  /**
   * Sends the request until it gets a non-transient answer.
   *
   * @param what the operation in words, for error messages ("list relationships of customer X")
   * @param jsonBody the body of a POST, or null
   * @throws GdapException when the call cannot succeed now (see {@link Kind})
   */
  public Response send(String what, String method, URI uri, String jsonBody, Map<String, String> headers) {
    Instant deadline = clock.instant().plus(policy.callDeadline());
    boolean tokenRenewed = false;
    TransientFailure last = null;
    int attempt = 0;
    while (true) {
      attempt++;
      try {
        waitForRateLimit(what);
        if (!circuitBreaker.tryAcquirePermission()) {
          throw circuitOpen(what, last);
        }
        Attempt outcome = new Attempt(System.nanoTime());
        try {
          String token = tokens.token();
          HttpResponse<String> response = http.send(request(method, uri, jsonBody, headers, token, deadline),
              HttpResponse.BodyHandlers.ofString());
          int status = response.statusCode();
          if (isTransient(status)) {
            TransientFailure failure = new TransientFailure("HTTP " + status + GraphErrors.suffix(response.body()),
                status, RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock.instant()),
                null);
            // Throttling means Graph is healthy and pacing us; only server and network errors count.
            outcome.record(status == 429 ? null : failure);
            throw failure;
          }
          outcome.record(null);
          if (status == 401) {
            if (!tokenRenewed) {
              tokens.invalidate(token);
              tokenRenewed = true;
              attempt--; // a renewed token is not a retry of a failure
              continue;
            }
            throw new GdapException(Kind.NOT_AUTHORIZED, "Graph refused a freshly issued access token for "
                + what + ": HTTP 401" + GraphErrors.suffix(response.body()), 401,
                GraphErrors.code(response.body()), null);
          }
          return new Response(status, response.body(), response.headers());
        } catch (IOException e) {
          TransientFailure failure = new TransientFailure(describe(e), 0, Optional.empty(), e);
          outcome.record(failure);
          throw failure;
        } catch (TransientFailure fromTokenEndpoint) {
          outcome.record(fromTokenEndpoint);
          throw fromTokenEndpoint;
        } finally {
          outcome.releaseIfUnrecorded();
        }
      } catch (TransientFailure failure) {
        last = failure;
        backOff(what, attempt, failure, deadline);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GdapException(Kind.INTERRUPTED, "interrupted while calling Graph to " + what);
      }
    }
  }

  private void backOff(String what, int attempt, TransientFailure failure, Instant deadline) {
    if (attempt >= policy.maxAttempts()) {
      throw new GdapException(Kind.RETRIES_EXHAUSTED, "Graph call to " + what + " failed " + attempt
          + " times; last: " + failure.getMessage(), failure.httpStatus(), null, failure);
    }
    Duration delay = failure.retryAfter().orElseGet(() -> exponential(attempt));
    Instant now = clock.instant();
    if (now.plus(delay).isAfter(deadline)) {
      throw new GdapException(Kind.DEADLINE_EXCEEDED, "Graph call to " + what + " ran out of its "
          + policy.callDeadline().toSeconds() + " s deadline after " + attempt + " attempts (next wait "
          + delay.toSeconds() + " s" + (failure.retryAfter().isPresent() ? " from Retry-After" : "")
          + "); last: " + failure.getMessage(), failure.httpStatus(), null, failure);
    }
    sleep(what, delay);
  }

  private void waitForRateLimit(String what) {
    long waitNanos = rateLimiter.reservePermission();
    if (waitNanos < 0) {
      throw new GdapException(Kind.RETRIES_EXHAUSTED, "client-side Graph rate limit of "
          + rateLimiter.getRateLimiterConfig().getLimitForPeriod() + " calls per "
          + rateLimiter.getRateLimiterConfig().getLimitRefreshPeriod().toMillis() + " ms is saturated; gave up on "
          + what);
    }
    if (waitNanos > 0) {
      sleep(what, Duration.ofNanos(waitNanos));
    }
  }

  private void sleep(String what, Duration delay) {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GdapException(Kind.INTERRUPTED, "interrupted while waiting to retry Graph call to " + what);
    }
  }

  private GdapException circuitOpen(String what, TransientFailure last) {
    CircuitBreaker.Metrics metrics = circuitBreaker.getMetrics();
    return new GdapException(Kind.CIRCUIT_OPEN, "circuit breaker '" + circuitBreaker.getName()
        + "' is open after repeated Graph failures (" + metrics.getNumberOfFailedCalls() + " of the last "
        + metrics.getNumberOfBufferedCalls() + " calls failed); not calling Graph to " + what + " for up to "
        + circuitBreaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1) / 1000 + " s"
        + (last == null ? "" : "; last failure: " + last.getMessage()), 0, null, last);
  }

  private HttpRequest request(String method, URI uri, String jsonBody, Map<String, String> headers, String token,
      Instant deadline) {
    Duration remaining = Duration.between(clock.instant(), deadline);
    Duration timeout = remaining.compareTo(policy.requestTimeout()) < 0 && remaining.toMillis() > 0
        ? remaining : policy.requestTimeout();
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
        .timeout(timeout)
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json")
        // Lets Graph send evolvable enum members newer than unknownFutureValue by their names.
        .header("Prefer", "include-unknown-enum-members");
    headers.forEach(builder::header);
    if (jsonBody != null) {
      builder.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
    } else {
      builder.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return builder.build();
  }

  private Duration exponential(int attempt) {
    long factor = 1L << Math.min(attempt - 1, 20);
    Duration delay = policy.initialBackoff().multipliedBy(factor);
    return delay.compareTo(policy.maxBackoff()) > 0 ? policy.maxBackoff() : delay;
  }

  private static boolean isTransient(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }

  /** Reports one permitted call to the circuit breaker exactly once. */
  private final class Attempt {
    private final long startedNanos;
    private boolean recorded;

    Attempt(long startedNanos) {
      this.startedNanos = startedNanos;
    }

    /** Records success (null) or a failure, once; later calls for the same attempt are ignored. */
    void record(TransientFailure failure) {
      if (recorded) {
        return;
      }
      recorded = true;
      long elapsed = System.nanoTime() - startedNanos;
      if (failure == null) {
        circuitBreaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
      } else {
        circuitBreaker.onError(elapsed, TimeUnit.NANOSECONDS, failure);
      }
    }

    /** Gives the permission back when the call ended without an outcome (refused credentials, interrupt). */
    void releaseIfUnrecorded() {
      if (!recorded) {
        recorded = true;
        circuitBreaker.releasePermission();
      }
    }
  }

  /** A connection failure in a few words, e.g. {@code connection failed: Connection reset}. */
  static String describe(IOException e) {
    String message = e.getMessage() == null ? "" : ": " + e.getMessage();
    if (e instanceof java.net.http.HttpTimeoutException) {
      return "request timed out" + message;
    }
    return "connection failed (" + e.getClass().getSimpleName() + ")" + message;
  }
}
