package io.firebreak.orchestrator;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.firebreak.orchestrator.config.AuditFactory;
import io.firebreak.orchestrator.config.DatabaseFactory;
import io.firebreak.orchestrator.config.GatewayFactory;
import io.firebreak.orchestrator.config.TemporalFactory;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.util.List;

/**
 * The orchestrator's configuration. Every key has an embedded default; the bundled
 * {@code firebreak.yml} maps the {@code FIREBREAK_*} environment variables onto them.
 */
public class FirebreakConfiguration extends Configuration {
  /** Where keys, the H2 database and the admin token live. */
  @JsonProperty @NotBlank private String dataDir = "data";

  /** Service partitions (breach boundaries) this orchestrator serves; each gets its own key. */
  @JsonProperty @NotEmpty
  private List<@Pattern(regexp = "[a-z0-9][a-z0-9-]{0,62}", message = "must be a lowercase slug") String>
      partitions = List.of("default");

  /** Directory of playbook YAML files, loaded and validated at start. */
  @JsonProperty @NotBlank private String playbooks = "playbooks";

  /** The access policy file; when it does not exist every action needs one approver. */
  @JsonProperty @NotBlank private String policy = "policy/policy.yaml";

  @JsonProperty @Valid @NotNull private TemporalFactory temporal = new TemporalFactory();
  @JsonProperty @Valid @NotNull private GatewayFactory gateway = new GatewayFactory();
  @JsonProperty @Valid @NotNull private DatabaseFactory database = new DatabaseFactory();
  @JsonProperty @Valid @NotNull private AuditFactory audit = new AuditFactory();

  public Path dataDir() {
    return Path.of(dataDir).toAbsolutePath().normalize();
  }

  public void setDataDir(String dataDir) {
    this.dataDir = dataDir;
  }

  public List<String> getPartitions() {
    return partitions;
  }

  public void setPartitions(List<String> partitions) {
    this.partitions = List.copyOf(partitions);
  }

  public Path playbookDir() {
    return Path.of(playbooks).toAbsolutePath().normalize();
  }

  public void setPlaybooks(String playbooks) {
    this.playbooks = playbooks;
  }

  public Path policyFile() {
    return Path.of(policy).toAbsolutePath().normalize();
  }

  public void setPolicy(String policy) {
    this.policy = policy;
  }

  public TemporalFactory getTemporal() {
    return temporal;
  }

  public GatewayFactory getGateway() {
    return gateway;
  }

  public DatabaseFactory getDatabase() {
    return database;
  }

  public AuditFactory getAudit() {
    return audit;
  }
}
