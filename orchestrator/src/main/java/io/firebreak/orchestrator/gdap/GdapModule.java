package io.firebreak.orchestrator.gdap;

import io.firebreak.orchestrator.gdap.internal.ClientCredentialsTokens;
import io.firebreak.orchestrator.gdap.internal.GraphTransport;
import io.firebreak.orchestrator.gdap.internal.RelationshipRevoker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

/**
 * Builds the {@code revoke-gdap} capability from a {@link GdapConfiguration}: the token cache, the
 * rate limiter and circuit breaker (one of each per module, shared by all calls), the {@link
 * GraphClient} and the {@link GdapActivities} implementation.
 *
 * <p>Registering it on a Temporal worker (the incident task queue, or a queue of its own):
 *
 * <pre>{@code
 * GdapModule gdap = GdapModule.create(configuration.getGdap());
 * worker.registerActivitiesImplementations(gdap.activities());
 * }</pre>
 *
 * <p>and calling it from a workflow:
 *
 * <pre>{@code
 * GdapActivities gdap = Workflow.newActivityStub(GdapActivities.class, ActivityOptions.newBuilder()
 *     .setStartToCloseTimeout(Duration.ofMinutes(30))
 *     .setHeartbeatTimeout(Duration.ofMinutes(3))
 *     .setRetryOptions(RetryOptions.newBuilder()
 *         .setMaximumAttempts(5)
 *         .setDoNotRetry(GdapActivities.CREDENTIALS_REFUSED, GdapActivities.NOT_AUTHORIZED,
 *             GdapActivities.INVALID_REQUEST, GdapActivities.GRAPH_REFUSED)
 *         .build())
 *     .build());
 * GdapRevocationResult result = gdap.revokePartnerAccess(
 *     new GdapRevocationRequest(incidentId, step.name(), customerTenantIds));
 * }</pre>
 *
 * Build one module per process: the breaker and the token cache only help when shared.
 */
public final class GdapModule {
  private final GraphClient graphClient;
  private final GdapActivitiesImpl activities;
  private final CircuitBreaker circuitBreaker;

  private GdapModule(GraphClient graphClient, GdapActivitiesImpl activities, CircuitBreaker circuitBreaker) {
    this.graphClient = graphClient;
    this.activities = activities;
    this.circuitBreaker = circuitBreaker;
  }

  /** The production module: system clock, real sleeps, a default JDK HTTP client. */
  public static GdapModule create(GdapConfiguration config) {
    return create(config, Clock.systemUTC(), Sleeper.SYSTEM,
        HttpClient.newBuilder().connectTimeout(millis(config.getRequestTimeout())).build());
  }

  /** A module with an injected clock, sleeper and HTTP client (tests drive time through these). */
  public static GdapModule create(GdapConfiguration config, Clock clock, Sleeper sleeper, HttpClient http) {
    ClientCredentialsTokens tokens = new ClientCredentialsTokens(http, config.effectiveTokenUrl(),
        config.getClientId(), config.getClientSecret(), config.getScope(), millis(config.getRequestTimeout()),
        millis(config.getTokenRefreshMargin()), clock);
    RateLimiter rateLimiter = RateLimiter.of("graph", RateLimiterConfig.custom()
        .limitForPeriod(config.getRequestsPerSecond())
        .limitRefreshPeriod(Duration.ofSeconds(1))
        .timeoutDuration(millis(config.getCallDeadline()))
        .build());
    CircuitBreaker circuitBreaker = CircuitBreaker.of("graph", CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(config.getCircuitBreakerWindow())
        .minimumNumberOfCalls(config.getCircuitBreakerWindow())
        .failureRateThreshold(config.getCircuitBreakerFailureRate())
        .waitDurationInOpenState(millis(config.getCircuitBreakerOpenFor()))
        .permittedNumberOfCallsInHalfOpenState(2)
        .clock(clock)
        .build());
    GraphTransport transport = new GraphTransport(http, tokens, rateLimiter, circuitBreaker, clock, sleeper,
        new GraphTransport.Policy(config.getMaxAttempts(), millis(config.getInitialBackoff()),
            millis(config.getMaxBackoff()), millis(config.getCallDeadline()), millis(config.getRequestTimeout())));
    GraphClient graphClient = new GraphClient(transport, config.getGraphBaseUrl());
    RelationshipRevoker revoker = new RelationshipRevoker(graphClient, clock, sleeper,
        millis(config.getPollInterval()), millis(config.getTerminationTimeout()));
    return new GdapModule(graphClient, new GdapActivitiesImpl(graphClient, revoker, config.getTenantId(), clock),
        circuitBreaker);
  }

  /** The activity implementation to register on a worker. */
  public GdapActivities activities() {
    return activities;
  }

  public GraphClient graphClient() {
    return graphClient;
  }

  /** The breaker around Graph calls, e.g. for a health check on its state. */
  public CircuitBreaker circuitBreaker() {
    return circuitBreaker;
  }

  private static Duration millis(io.dropwizard.util.Duration duration) {
    return Duration.ofMillis(duration.toMilliseconds());
  }
}
