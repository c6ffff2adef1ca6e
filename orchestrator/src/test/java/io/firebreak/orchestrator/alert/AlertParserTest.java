package io.firebreak.orchestrator.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.orchestrator.api.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertParserTest {
  static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void parse_acceptsAGenericAlert() throws Exception {
    AlertParser.ParsedAlert alert = AlertParser.parse(MAPPER.readTree(
        "{\"type\":\"malware-detected\",\"severity\":\"HIGH\",\"source\":\"edr-falcon\",\"host\":\"web-1\","
            + "\"partition\":\"blue\",\"details\":{\"sha256\":\"ab\"}}"));

    assertThat(alert.severity()).isEqualTo("high");
    assertThat(alert.host()).isEqualTo("web-1");
    assertThat(alert.details().path("sha256").asText()).isEqualTo("ab");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"severity\":\"high\",\"source\":\"s\"}                          | type",
      "{\"type\":\"t\",\"source\":\"s\"}                                 | severity",
      "{\"type\":\"t\",\"severity\":\"urgent\",\"source\":\"s\"}         | severity",
      "{\"type\":\"t\",\"severity\":\"low\"}                             | source",
      "{\"type\":7,\"severity\":\"low\",\"source\":\"s\"}                | type",
      "{\"type\":\"t\",\"severity\":\"low\",\"source\":\"s\",\"host\":\"a b\"} | host",
      "{\"type\":\"t\",\"severity\":\"low\",\"source\":\"s\",\"hots\":\"a\"}   | hots",
      "{\"type\":\"t\",\"severity\":\"low\",\"source\":\"s\",\"details\":[1]}  | details",
      "[1,2]                                                             | $"})
  void parse_refusesBadInputNamingTheField(String json, String field) throws Exception {
    assertThatThrownBy(() -> AlertParser.parse(MAPPER.readTree(json)))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.getMessage()).startsWith(field + ": ");
        });
  }
}
