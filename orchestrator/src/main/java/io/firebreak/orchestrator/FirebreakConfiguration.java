package io.firebreak.orchestrator;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.firebreak.orchestrator.config.AuditFactory;
import io.firebreak.orchestrator.config.DatabaseFactory;
import io.firebreak.orchestrator.config.GatewayFactory;
import io.firebreak.orchestrator.config.TemporalFactory;
import io.firebreak.orchestrator.gdap.GdapActivities;
import io.firebreak.orchestrator.gdap.GdapConfiguration;
import io.dropwizard.core.Configuration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
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

  /**
   * The partner app registration {@code revoke-gdap} uses, or null. Not validated on its own: the
   * bundled configuration always has the block, with empty values unless the
   * {@code FIREBREAK_GDAP_*} variables are set, and an empty block means "not configured".
   */
  @JsonProperty("gdap") private GdapConfiguration gdap;

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

  /** False when a host partition takes the name plans with a {@code revoke-gdap} step touch. */
  @JsonIgnore
  @AssertTrue(message = "must not include '" + GdapActivities.PARTITION + "': it is the partition of revoke-gdap"
      + " plans (no host is in it)")
  public boolean isPartitionsFreeOfReservedNames() {
    return partitions == null || !partitions.contains(GdapActivities.PARTITION);
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

  /**
   * The {@code gdap} block when any of its credentials is set (and then validated in full, so a
   * half-filled block stops the start naming the missing keys), else null: {@code revoke-gdap} is
   * not configured.
   */
  @Valid
  @JsonIgnore
  public GdapConfiguration getGdap() {
    if (gdap == null || (isBlank(gdap.getTenantId()) && isBlank(gdap.getClientId())
        && isBlank(gdap.getClientSecret()))) {
      return null;
    }
    return gdap;
  }

  public void setGdap(GdapConfiguration gdap) {
    this.gdap = gdap;
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  public AuditFactory getAudit() {
    return audit;
  }
}
