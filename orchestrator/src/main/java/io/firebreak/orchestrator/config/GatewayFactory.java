package io.firebreak.orchestrator.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/** The agent gateway this orchestrator process runs: where agents dial in. */
public class GatewayFactory {
  /**
   * Identity of this gateway instance; it names the Temporal task queue that routes commands to
   * the agents connected here, so it must be unique among running gateways and stable across a
   * restart of the same instance.
   */
  @JsonProperty
  @NotBlank
  @Pattern(regexp = "[a-z0-9][a-z0-9.-]{0,62}", message = "must be a lowercase slug")
  private String id = "gw-1";

  @JsonProperty @NotBlank private String bindAddress = "0.0.0.0";

  @JsonProperty
  @Min(0)
  @Max(65535)
  private int port = 7443;

  /** How long a signed command stays valid after it is issued. */
  @JsonProperty @NotNull private Duration commandTtl = Duration.minutes(5);

  public String getId() {
    return id;
  }

  public void setId(String id) {
    this.id = id;
  }

  public String getBindAddress() {
    return bindAddress;
  }

  public int getPort() {
    return port;
  }

  public void setPort(int port) {
    this.port = port;
  }

  public Duration getCommandTtl() {
    return commandTtl;
  }
}
