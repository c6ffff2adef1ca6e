package io.firebreak.agent.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IsolationRequestTest {
  private static final IsolationSettings CONFIGURED =
      IsolationSettings.defaults()
          .with(List.of(Cidr.parse("192.0.2.0/24")), false, true, HostPort.parse("probe:80"));

  @Test
  void of_addsTheCommandsAllowancesToTheAgentsOwn() {
    IsolationRequest request =
        IsolationRequest.of(
            Map.of("allow", "10.0.0.0/8, fd00::1,", "allowDns", "true", "reason", "EDR alert"),
            CONFIGURED);

    assertThat(request.allow())
        .extracting(Cidr::toString)
        .containsExactly("192.0.2.0/24", "10.0.0.0/8", "fd00::1");
    assertThat(request.allowDns()).isTrue();
    assertThat(request.allowDhcp()).isTrue();
    assertThat(request.probe()).isEqualTo(HostPort.parse("probe:80"));
    assertThat(request.ignored()).isEmpty();
  }

  @Test
  void of_cannotNarrowTheAgentsConfiguration() {
    IsolationRequest request = IsolationRequest.of(Map.of("allowDhcp", "false"), CONFIGURED);

    assertThat(request.allowDhcp()).isTrue();
    assertThat(request.allow()).extracting(Cidr::toString).containsExactly("192.0.2.0/24");
  }

  @Test
  void of_aCommandProbeReplacesTheConfiguredOne() {
    IsolationRequest request = IsolationRequest.of(Map.of("probe", "[fd00::9]:443"), CONFIGURED);

    assertThat(request.probe()).isEqualTo(new HostPort("fd00::9", 443));
  }

  @Test
  void of_reportsUnknownParametersInsteadOfFailing() {
    IsolationRequest request =
        IsolationRequest.of(Map.of("alow", "10.0.0.0/8", "mode", "strict"), CONFIGURED);

    assertThat(request.ignored()).containsExactly("alow", "mode");
  }

  @Test
  void of_rejectsMalformedValuesNamingTheParameter() {
    assertThatThrownBy(
            () -> IsolationRequest.of(Map.of("allow", "10.0.0.0/8,intranet"), CONFIGURED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("parameter allow: 'intranet'");
    assertThatThrownBy(() -> IsolationRequest.of(Map.of("allowDns", "maybe"), CONFIGURED))
        .hasMessage("parameter allowDns must be true or false, got 'maybe'");
    assertThatThrownBy(() -> IsolationRequest.of(Map.of("probe", "host-without-port"), CONFIGURED))
        .hasMessageStartingWith("parameter probe: 'host-without-port' is not HOST:PORT");
  }

  @Test
  void hostPort_parsesNamesAndBracketedIpv6AndRejectsBadPorts() {
    assertThat(HostPort.parse("gw.example:7443")).isEqualTo(new HostPort("gw.example", 7443));
    assertThat(HostPort.parse("[::1]:80")).hasToString("[::1]:80");
    assertThatThrownBy(() -> HostPort.parse("::1:80")).hasMessageContaining("[ADDRESS]:PORT");
    assertThatThrownBy(() -> HostPort.parse("gw:0")).hasMessageContaining("not in 1..65535");
    assertThatThrownBy(() -> HostPort.parse("gw:99999")).hasMessageContaining("not in 1..65535");
  }
}
