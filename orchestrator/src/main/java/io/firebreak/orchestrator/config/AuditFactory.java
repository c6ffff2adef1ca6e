package io.firebreak.orchestrator.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** The audit trail: how often its head is signed. */
public class AuditFactory {
  /**
   * How often the audit checkpointer signs the chain's head (skipped when nothing was appended).
   * Rows newer than the last checkpoint can be deleted from the end of the log undetected; a
   * shorter interval narrows that window.
   */
  @JsonProperty @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  private Duration checkpointInterval = Duration.seconds(60);

  public Duration getCheckpointInterval() {
    return checkpointInterval;
  }

  public void setCheckpointInterval(Duration checkpointInterval) {
    this.checkpointInterval = checkpointInterval;
  }
}
