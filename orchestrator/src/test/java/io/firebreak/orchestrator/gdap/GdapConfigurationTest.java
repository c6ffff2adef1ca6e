package io.firebreak.orchestrator.gdap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dropwizard.configuration.ConfigurationValidationException;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.text.StringSubstitutor;
import org.junit.jupiter.api.Test;

class GdapConfigurationTest {
  static final String SECRET = "Qx8~very.secret-value";

  static GdapConfiguration load(String yaml, Map<String, String> environment) throws Exception {
    YamlConfigurationFactory<GdapConfiguration> factory = new YamlConfigurationFactory<>(GdapConfiguration.class,
        Validators.newValidator(), Jackson.newObjectMapper(), "dw");
    // Dropwizard's EnvironmentVariableSubstitutor is a StringSubstitutor over System.getenv.
    StringSubstitutor substitutor = new StringSubstitutor(environment);
    substitutor.setEnableUndefinedVariableException(true);
    return factory.build(new SubstitutingSourceProvider(
        path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), substitutor), "gdap.yml");
  }

  @Test
  void yaml_withTheSecretFromTheEnvironment_loadsWithDefaults() throws Exception {
    GdapConfiguration config = load("""
        tenantId: 72f988bf-86f1-41af-91ab-2d7cd011db47
        clientId: 0c7a0b3e-8a8e-4f5e-9b0e-5b0f1f3f4d2a
        clientSecret: ${FIREBREAK_GDAP_CLIENT_SECRET}
        pollInterval: 2s
        """, Map.of("FIREBREAK_GDAP_CLIENT_SECRET", SECRET));

    assertThat(config.getClientSecret()).isEqualTo(SECRET);
    assertThat(config.getGraphBaseUrl()).isEqualTo(URI.create("https://graph.microsoft.com/v1.0"));
    assertThat(config.effectiveTokenUrl()).isEqualTo(URI.create(
        "https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token"));
    assertThat(config.getScope()).isEqualTo("https://graph.microsoft.com/.default");
    assertThat(config.getPollInterval().toSeconds()).isEqualTo(2);
  }

  @Test
  void missingSecret_isAValidationErrorNamingTheField() {
    assertThatThrownBy(() -> load("""
        tenantId: 72f988bf-86f1-41af-91ab-2d7cd011db47
        clientId: 0c7a0b3e-8a8e-4f5e-9b0e-5b0f1f3f4d2a
        """, Map.of()))
        .isInstanceOf(ConfigurationValidationException.class)
        .hasMessageContaining("clientSecret");
  }

  @Test
  void toStringAndSerialization_neverShowTheSecret() throws Exception {
    GdapConfiguration config = load("""
        tenantId: contoso.onmicrosoft.com
        clientId: 0c7a0b3e-8a8e-4f5e-9b0e-5b0f1f3f4d2a
        clientSecret: %s
        tokenUrl: https://login.example.test/token
        """.formatted(SECRET), Map.of());

    assertThat(config.toString()).doesNotContain(SECRET).contains("clientSecret=***")
        .contains("clientId=0c7a0b3e-8a8e-4f5e-9b0e-5b0f1f3f4d2a").contains("https://login.example.test/token");
    assertThat(Jackson.newObjectMapper().writeValueAsString(config)).doesNotContain(SECRET)
        .doesNotContain("clientSecret");
  }
}
