package io.firebreak.orchestrator.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * Where the Temporal service is. With no {@code target} the orchestrator starts the embedded
 * engine (the Temporal Java test server, in memory) on {@code embeddedPort}, so the Temporal CLI and
 * UI and other Firebreak processes can connect to it.
 */
public class TemporalFactory {
  /** host:port of an existing Temporal frontend; empty means "start the embedded engine". */
  @JsonProperty private String target = "";

  @JsonProperty
  @Min(0)
  @Max(65535)
  private int embeddedPort = 7233;

  @JsonProperty @NotBlank private String namespace = "default";

  /** Sticky execution (see {@code StickyExecution}): auto, on or off (true and false: YAML's on and off). */
  @JsonProperty
  @Pattern(regexp = "auto|on|off|true|false", message = "must be auto, on or off")
  private String stickyExecution = "auto";

  public boolean isEmbedded() {
    return target == null || target.isBlank();
  }

  public String getTarget() {
    return target;
  }

  public void setTarget(String target) {
    this.target = target;
  }

  public int getEmbeddedPort() {
    return embeddedPort;
  }

  public void setEmbeddedPort(int embeddedPort) {
    this.embeddedPort = embeddedPort;
  }

  public String getStickyExecution() {
    return stickyExecution;
  }

  public void setStickyExecution(String stickyExecution) {
    this.stickyExecution = stickyExecution;
  }

  public String getNamespace() {
    return namespace;
  }

  /** The frontend address workers and clients dial. */
  public String frontendAddress() {
    return isEmbedded() ? "127.0.0.1:" + embeddedPort : target;
  }
}
