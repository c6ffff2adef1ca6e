package io.firebreak.orchestrator.gdap;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * Settings of the {@code revoke-gdap} capability: the partner's Entra app registration that calls
 * Microsoft Graph, where Graph and the token endpoint are, and how hard to retry. Deserialized by
 * Jackson from the Dropwizard configuration; put the secret in an environment variable:
 *
 * <pre>
 * gdap:
 *   tenantId: 72f988bf-86f1-41af-91ab-2d7cd011db47     # the partner tenant
 *   clientId: 0c7a0b3e-8a8e-4f5e-9b0e-5b0f1f3f4d2a
 *   clientSecret: ${FIREBREAK_GDAP_CLIENT_SECRET}
 *   # graphBaseUrl: https://graph.microsoft.com/v1.0   (default)
 *   # tokenUrl: https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token   (default)
 * </pre>
 *
 * <p>The client secret is write-only for Jackson and redacted from {@link #toString()}.
 */
public class GdapConfiguration {
  /** Graph's public scope for the client credentials grant. */
  public static final String GRAPH_SCOPE = "https://graph.microsoft.com/.default";

  /** Graph v1.0 root, without a trailing slash. */
  @JsonProperty @NotNull private URI graphBaseUrl = URI.create("https://graph.microsoft.com/v1.0");

  /** OAuth 2.0 token endpoint; when absent, the Entra v2.0 endpoint of {@link #tenantId}. */
  @JsonProperty private URI tokenUrl;

  /** The partner's tenant id (the tenant the app registration lives in). */
  @JsonProperty
  @NotBlank
  @Pattern(regexp = "[A-Za-z0-9.-]{1,128}", message = "must be a tenant id or domain")
  private String tenantId;

  /** Application (client) id of the app registration. */
  @JsonProperty @NotBlank private String clientId;

  @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
  @NotBlank
  private String clientSecret;

  @JsonProperty @NotBlank private String scope = GRAPH_SCOPE;

  /** Timeout of one HTTP exchange. */
  @JsonProperty @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  private Duration requestTimeout = Duration.seconds(30);

  /** Total time one Graph call may take, retries and waits included. */
  @JsonProperty @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  private Duration callDeadline = Duration.minutes(2);

  /** Attempts per Graph call (the first one included) for 429, 503, 504 and connection errors. */
  @JsonProperty @Min(1) @Max(20) private int maxAttempts = 5;

  /** First backoff after a transient failure without {@code Retry-After}; doubles each time. */
  @JsonProperty @NotNull private Duration initialBackoff = Duration.seconds(1);

  @JsonProperty @NotNull private Duration maxBackoff = Duration.seconds(30);

  /** Graph calls allowed per second from this process. */
  @JsonProperty @Min(1) @Max(1000) private int requestsPerSecond = 5;

  /** Percentage of failed calls among the last {@link #circuitBreakerWindow} that opens the breaker. */
  @JsonProperty @Min(1) @Max(100) private int circuitBreakerFailureRate = 50;

  /** Calls the circuit breaker looks at (and needs at least this many before it can open). */
  @JsonProperty @Min(2) @Max(1000) private int circuitBreakerWindow = 10;

  /** How long an open breaker refuses calls before letting a few through. */
  @JsonProperty @NotNull private Duration circuitBreakerOpenFor = Duration.seconds(30);

  /** A cached token is renewed this long before it expires. */
  @JsonProperty @NotNull private Duration tokenRefreshMargin = Duration.seconds(60);

  /** Pause between two reads of a relationship whose termination is in progress. */
  @JsonProperty @NotNull @MinDuration(value = 1, unit = TimeUnit.MILLISECONDS)
  private Duration pollInterval = Duration.seconds(5);

  /** How long to poll one relationship for {@code terminated} before reporting it still pending. */
  @JsonProperty @NotNull private Duration terminationTimeout = Duration.minutes(10);

  /** {@link #tokenUrl} if set, else {@code https://login.microsoftonline.com/{tenantId}/oauth2/v2.0/token}. */
  public URI effectiveTokenUrl() {
    return tokenUrl != null ? tokenUrl
        : URI.create("https://login.microsoftonline.com/" + tenantId + "/oauth2/v2.0/token");
  }

  public URI getGraphBaseUrl() {
    return graphBaseUrl;
  }

  public void setGraphBaseUrl(URI graphBaseUrl) {
    this.graphBaseUrl = graphBaseUrl;
  }

  public URI getTokenUrl() {
    return tokenUrl;
  }

  public void setTokenUrl(URI tokenUrl) {
    this.tokenUrl = tokenUrl;
  }

  public String getTenantId() {
    return tenantId;
  }

  public void setTenantId(String tenantId) {
    this.tenantId = tenantId;
  }

  public String getClientId() {
    return clientId;
  }

  public void setClientId(String clientId) {
    this.clientId = clientId;
  }

  /** The secret; hand it only to the token request. */
  public String getClientSecret() {
    return clientSecret;
  }

  public void setClientSecret(String clientSecret) {
    this.clientSecret = clientSecret;
  }

  public String getScope() {
    return scope;
  }

  public void setScope(String scope) {
    this.scope = scope;
  }

  public Duration getRequestTimeout() {
    return requestTimeout;
  }

  public void setRequestTimeout(Duration requestTimeout) {
    this.requestTimeout = requestTimeout;
  }

  public Duration getCallDeadline() {
    return callDeadline;
  }

  public void setCallDeadline(Duration callDeadline) {
    this.callDeadline = callDeadline;
  }

  public int getMaxAttempts() {
    return maxAttempts;
  }

  public void setMaxAttempts(int maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  public Duration getInitialBackoff() {
    return initialBackoff;
  }

  public void setInitialBackoff(Duration initialBackoff) {
    this.initialBackoff = initialBackoff;
  }

  public Duration getMaxBackoff() {
    return maxBackoff;
  }

  public void setMaxBackoff(Duration maxBackoff) {
    this.maxBackoff = maxBackoff;
  }

  public int getRequestsPerSecond() {
    return requestsPerSecond;
  }

  public void setRequestsPerSecond(int requestsPerSecond) {
    this.requestsPerSecond = requestsPerSecond;
  }

  public int getCircuitBreakerFailureRate() {
    return circuitBreakerFailureRate;
  }

  public void setCircuitBreakerFailureRate(int circuitBreakerFailureRate) {
    this.circuitBreakerFailureRate = circuitBreakerFailureRate;
  }

  public int getCircuitBreakerWindow() {
    return circuitBreakerWindow;
  }

  public void setCircuitBreakerWindow(int circuitBreakerWindow) {
    this.circuitBreakerWindow = circuitBreakerWindow;
  }

  public Duration getCircuitBreakerOpenFor() {
    return circuitBreakerOpenFor;
  }

  public void setCircuitBreakerOpenFor(Duration circuitBreakerOpenFor) {
    this.circuitBreakerOpenFor = circuitBreakerOpenFor;
  }

  public Duration getTokenRefreshMargin() {
    return tokenRefreshMargin;
  }

  public void setTokenRefreshMargin(Duration tokenRefreshMargin) {
    this.tokenRefreshMargin = tokenRefreshMargin;
  }

  public Duration getPollInterval() {
    return pollInterval;
  }

  public void setPollInterval(Duration pollInterval) {
    this.pollInterval = pollInterval;
  }

  public Duration getTerminationTimeout() {
    return terminationTimeout;
  }

  public void setTerminationTimeout(Duration terminationTimeout) {
    this.terminationTimeout = terminationTimeout;
  }

  /** Every setting except the client secret, which shows as {@code ***} (or {@code <unset>}). */
  @Override
  public String toString() {
    return "GdapConfiguration{graphBaseUrl=" + graphBaseUrl
        + ", tokenUrl=" + (tokenUrl == null && tenantId == null ? null : effectiveTokenUrl())
        + ", tenantId=" + tenantId + ", clientId=" + clientId
        + ", clientSecret=" + (clientSecret == null || clientSecret.isEmpty() ? "<unset>" : "***")
        + ", scope=" + scope + ", requestTimeout=" + requestTimeout + ", callDeadline=" + callDeadline
        + ", maxAttempts=" + maxAttempts + ", requestsPerSecond=" + requestsPerSecond
        + ", circuitBreaker=" + circuitBreakerFailureRate + "% of " + circuitBreakerWindow
        + " calls, open for " + circuitBreakerOpenFor + ", pollInterval=" + pollInterval
        + ", terminationTimeout=" + terminationTimeout + "}";
  }
}
