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

  @Test
  void parse_acceptsThePartnerContext_inLowerCaseWithoutRepeats() throws Exception {
    AlertParser.ParsedAlert alert = AlertParser.parse(MAPPER.readTree("""
        {"type": "partner-compromise", "severity": "critical", "source": "xdr",
         "partnerTenantId": "11111111-AAAA-1111-1111-111111111111",
         "customerTenantIds": ["aaaaaaaa-0000-0000-0000-000000000001", "BBBBBBBB-0000-0000-0000-000000000002",
                               "aaaaaaaa-0000-0000-0000-000000000001"]}"""));

    assertThat(alert.partnerTenantId()).isEqualTo("11111111-aaaa-1111-1111-111111111111");
    assertThat(alert.customerTenantIds())
        .containsExactly("aaaaaaaa-0000-0000-0000-000000000001", "bbbbbbbb-0000-0000-0000-000000000002");
    assertThat(alert.host()).isNull();
  }

  @Test
  void parse_withoutPartnerContext_hasNone() throws Exception {
    AlertParser.ParsedAlert alert = AlertParser.parse(MAPPER.readTree(
        "{\"type\":\"t\",\"severity\":\"low\",\"source\":\"s\",\"customerTenantIds\":[]}"));

    assertThat(alert.partnerTenantId()).isNull();
    assertThat(alert.customerTenantIds()).isEmpty();
  }

  @Test
  void parse_refusesMoreCustomersThanTheLimit() throws Exception {
    StringBuilder ids = new StringBuilder();
    for (int i = 0; i <= AlertParser.MAX_CUSTOMER_TENANTS; i++) {
      ids.append(i == 0 ? "" : ",").append(String.format("\"aaaaaaaa-0000-0000-0000-%012d\"", i));
    }
    assertThatThrownBy(() -> AlertParser.parse(MAPPER.readTree(
        "{\"type\":\"t\",\"severity\":\"low\",\"source\":\"s\",\"customerTenantIds\":[" + ids + "]}")))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.field()).isEqualTo("customerTenantIds");
          assertThat(e.getMessage()).contains("at most 1000");
        });
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
      "[1,2]                                                             | $",
      "{\"type\":\"t\",\"severity\":\"low\",\"source\":\"s\",\"partnerTenantId\":\"contoso\"} | partnerTenantId",
      "{\"type\":\"t\",\"severity\":\"low\",\"source\":\"s\",\"partnerTenantId\":7}       | partnerTenantId",
      "{\"type\":\"t\",\"severity\":\"low\",\"source\":\"s\",\"customerTenantIds\":\"x\"} | customerTenantIds",
      "{\"type\":\"t\",\"severity\":\"low\",\"source\":\"s\",\"customerTenantIds\":"
          + "[\"aaaaaaaa-0000-0000-0000-000000000001\",\"aaaaaaaa-0000-0000-0000-00000000002\"]} | customerTenantIds[1]",
      "{\"type\":\"t\",\"severity\":\"low\",\"source\":\"s\",\"customerTenantIds\":[null]} | customerTenantIds[0]"})
  void parse_refusesBadInputNamingTheField(String json, String field) throws Exception {
    assertThatThrownBy(() -> AlertParser.parse(MAPPER.readTree(json)))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.field()).isEqualTo(field);
          assertThat(e.getMessage()).startsWith(field + ": ");
        });
  }
}
