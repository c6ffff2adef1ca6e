package io.firebreak.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.ResourceConfigurationSourceProvider;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import io.firebreak.orchestrator.temporal.StickyExecution;
import java.net.URI;
import java.util.Map;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.Test;

/** The bundled {@code firebreak.yml} and its {@code gdap} block under different environments. */
class FirebreakConfigurationTest {
  static final String SECRET = "~Qx8.very-secret_value";

  static FirebreakConfiguration load(Map<String, String> environment) throws Exception {
    YamlConfigurationFactory<FirebreakConfiguration> factory = new YamlConfigurationFactory<>(
        FirebreakConfiguration.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw");
    // As FirebreakApplication does, with a map instead of System.getenv.
    return factory.build(new SubstitutingSourceProvider(new ResourceConfigurationSourceProvider(),
        new StringSubstitutor(environment)), "firebreak.yml");
  }

  @Test
  void bundledConfiguration_withoutGdapVariables_hasRevokeGdapNotConfigured() throws Exception {
    FirebreakConfiguration config = load(Map.of());

    assertThat(config.getGdap()).isNull();
  }

  @Test
  void bundledConfiguration_withTheVariables_configuresGdapWithTheSecretFromTheEnvironment() throws Exception {
    FirebreakConfiguration config = load(Map.of(
        "FIREBREAK_GDAP_TENANT_ID", "72f988bf-86f1-41af-91ab-2d7cd011db47",
        "FIREBREAK_GDAP_CLIENT_ID", "0c7a0b3e-8a8e-4f5e-9b0e-5b0f1f3f4d2a",
        "FIREBREAK_GDAP_CLIENT_SECRET", SECRET));

    assertThat(config.getGdap()).isNotNull().satisfies(gdap -> {
      assertThat(gdap.getTenantId()).isEqualTo("72f988bf-86f1-41af-91ab-2d7cd011db47");
      assertThat(gdap.getClientSecret()).as("a leading ~ is not YAML's null here").isEqualTo(SECRET);
      assertThat(gdap.getGraphBaseUrl()).isEqualTo(URI.create("https://graph.microsoft.com/v1.0"));
      assertThat(gdap.effectiveTokenUrl()).isEqualTo(URI.create(
          "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token"));
      assertThat(gdap.toString()).doesNotContain(SECRET);
    });
  }

  @Test
  void stickyExecutionFromTheEnvironment_onAndOffArriveAsYamlBooleansAndStillMeanOnAndOff() throws Exception {
    for (Map.Entry<String, Boolean> setting : Map.of("on", true, "off", false, "auto", true).entrySet()) {
      FirebreakConfiguration config = load(Map.of("FIREBREAK_TEMPORAL_STICKY", setting.getKey()));

      assertThat(StickyExecution.decide(config.getTemporal().getStickyExecution(), config.getTemporal().isEmbedded(),
          () -> "")).as("FIREBREAK_TEMPORAL_STICKY=%s", setting.getKey()).isEqualTo(setting.getValue());
    }
    assertThatThrownBy(() -> load(Map.of("FIREBREAK_TEMPORAL_STICKY", "sometimes")))
        .isInstanceOf(ConfigurationValidationException.class).hasMessageContaining("temporal.stickyExecution");
  }

  @Test
  void halfConfiguredGdap_stopsTheStartNamingTheMissingKey() {
    assertThatThrownBy(() -> load(Map.of("FIREBREAK_GDAP_TENANT_ID", "72f988bf-86f1-41af-91ab-2d7cd011db47",
        "FIREBREAK_GDAP_CLIENT_ID", "0c7a0b3e-8a8e-4f5e-9b0e-5b0f1f3f4d2a")))
        .isInstanceOf(ConfigurationValidationException.class)
        .hasMessageContaining("gdap.clientSecret")
        .hasMessageNotContaining("gdap.tenantId");
  }

  @Test
  void gdapAsAHostPartition_stopsTheStart_itIsThePartitionOfRevokeGdapPlans() {
    assertThatThrownBy(() -> load(Map.of("FIREBREAK_PARTITIONS", "default,gdap")))
        .isInstanceOf(ConfigurationValidationException.class)
        .hasMessageContaining("must not include 'gdap'");
  }
}
