package io.firebreak.orchestrator.gdap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries, Retry-After, backoff, deadlines and the circuit breaker, against real HTTP faults. */
class GraphResilienceTest {
  static final String CUSTOMER = "aaaaaaaa-0000-0000-0000-000000000001";
  static final String LIST = ".*/delegatedAdminRelationships";

  FakeTime time = new FakeTime();
  FakeGraph fake;
  GdapConfiguration config;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeGraph(time);
    fake.addRelationship(CUSTOMER, "active", 0);
    config = fake.configuration();
  }

  @AfterEach
  void stop() throws Exception {
    fake.close();
  }

  GdapModule module() {
    return GdapModule.create(config, time, time, HttpClient.newHttpClient());
  }

  @Test
  void throttled429_waitsExactlyTheRetryAfterSeconds() {
    fake.failNext(LIST, 429, 7);

    assertThat(module().graphClient().listRelationships(CUSTOMER)).hasSize(1);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));
    assertThat(fake.requests("GET", LIST)).hasSize(2);
  }

  @Test
  void throttled429_honoursRetryAfterAsAnHttpDate() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(time.instant().plusSeconds(12).atZone(ZoneOffset.UTC));
    fake.failNext("GET", LIST, 429, date, 1);

    assertThat(module().graphClient().listRelationships(CUSTOMER)).hasSize(1);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(12));
  }

  @Test
  void unavailable503_honoursRetryAfter() {
    fake.failNext(LIST, 503, 3);

    assertThat(module().graphClient().listRelationships(CUSTOMER)).hasSize(1);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void gatewayTimeout504_isRetriedWithExponentialBackoff() {
    fake.failNext("GET", LIST, 504, null, 3);

    assertThat(module().graphClient().listRelationships(CUSTOMER)).hasSize(1);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(fake.requests("GET", LIST)).hasSize(4);
  }

  @Test
  void connectionReset_isRetried() {
    fake.resetConnectionNext("GET", LIST);

    assertThat(module().graphClient().listRelationships(CUSTOMER)).hasSize(1);

    assertThat(fake.requests("GET", LIST)).hasSize(2);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
  }

  @Test
  void transientFailures_stopAfterMaxAttemptsWithTheLastCause() {
    config.setMaxAttempts(3);
    fake.failNext("GET", LIST, 504, null, 10);

    assertThatThrownBy(() -> module().graphClient().listRelationships(CUSTOMER))
        .isInstanceOfSatisfying(GdapException.class, e -> {
          assertThat(e.kind()).isEqualTo(GdapException.Kind.RETRIES_EXHAUSTED);
          assertThat(e.getMessage()).contains("failed 3 times").contains("HTTP 504");
        });
    assertThat(fake.requests("GET", LIST)).hasSize(3);
  }

  @Test
  void retryAfterBeyondTheCallDeadline_failsAtOnceInsteadOfWaiting() {
    config.setCallDeadline(io.dropwizard.util.Duration.minutes(2));
    fake.failNext(LIST, 429, 600);

    assertThatThrownBy(() -> module().graphClient().listRelationships(CUSTOMER))
        .isInstanceOfSatisfying(GdapException.class, e -> {
          assertThat(e.kind()).isEqualTo(GdapException.Kind.DEADLINE_EXCEEDED);
          assertThat(e.getMessage()).contains("120 s deadline").contains("600 s from Retry-After");
        });
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void tokenEndpointOutage_isRetriedLikeGraph() {
    fake.failNext("POST", ".*/token", 503, "2", 1);

    assertThat(module().graphClient().listRelationships(CUSTOMER)).hasSize(1);

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(2));
    assertThat(fake.tokensIssued()).isEqualTo(1);
  }

  @Test
  void repeatedFailures_openTheCircuitBreakerAndTheErrorSaysSo() {
    config.setMaxAttempts(3);
    config.setCircuitBreakerWindow(4);
    config.setCircuitBreakerOpenFor(io.dropwizard.util.Duration.seconds(30));
    fake.failNext("GET", LIST, 503, null, 100);
    GdapModule module = module();

    assertThatThrownBy(() -> module.graphClient().listRelationships(CUSTOMER))
        .hasMessageContaining("failed 3 times");
    assertThatThrownBy(() -> module.graphClient().listRelationships(CUSTOMER))
        .isInstanceOfSatisfying(GdapException.class, e -> {
          assertThat(e.kind()).isEqualTo(GdapException.Kind.CIRCUIT_OPEN);
          assertThat(e.getMessage()).contains("circuit breaker 'graph' is open after repeated Graph failures")
              .contains("4 of the last 4 calls failed").contains("last failure: HTTP 503");
        });
    int seen = fake.requests("GET", LIST).size();
    assertThat(seen).isEqualTo(4);
    assertThat(module.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

    // While open, Graph is not called at all.
    assertThatThrownBy(() -> module.graphClient().listRelationships(CUSTOMER))
        .hasMessageContaining("is open");
    assertThat(fake.requests("GET", LIST)).hasSize(seen);
  }

  @Test
  void openCircuitBreaker_letsCallsThroughAgainAfterItsWait() {
    config.setMaxAttempts(1);
    config.setCircuitBreakerWindow(2);
    fake.failNext("GET", LIST, 503, null, 2);
    GdapModule module = module();
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> module.graphClient().listRelationships(CUSTOMER)).isInstanceOf(GdapException.class);
    }
    assertThat(module.circuitBreaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

    time.advance(Duration.ofSeconds(31));

    assertThat(module.graphClient().listRelationships(CUSTOMER)).hasSize(1);
  }
}
