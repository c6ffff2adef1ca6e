package io.firebreak.agent.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CidrTest {

  @Test
  void parse_normalizesToTheNetworkAddress() {
    assertThat(Cidr.parse("10.1.2.3/8")).hasToString("10.0.0.0/8");
    assertThat(Cidr.parse(" 192.0.2.0/24 ")).hasToString("192.0.2.0/24");
    assertThat(Cidr.parse("fd00:231::7/64")).hasToString("fd00:231::/64");
  }

  @Test
  void parse_ofABareAddress_isASingleHost() {
    Cidr v4 = Cidr.parse("198.51.100.7");
    Cidr v6 = Cidr.parse("2001:db8::1");

    assertThat(v4.prefixLength()).isEqualTo(32);
    assertThat(v4.ipv4()).isTrue();
    assertThat(v4).hasToString("198.51.100.7");
    assertThat(v6.prefixLength()).isEqualTo(128);
    assertThat(v6.ipv4()).isFalse();
  }

  @Test
  void parse_rejectsHostNamesBadPrefixesAndGarbage() {
    assertThatThrownBy(() -> Cidr.parse("gateway.example"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'gateway.example'")
        .hasMessageContaining("host names are not allowed");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33"))
        .hasMessageContaining("prefix length must be at most 32");
    assertThatThrownBy(() -> Cidr.parse("fd00::/129"))
        .hasMessageContaining("prefix length must be at most 128");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/")).hasMessageContaining("no valid prefix");
    assertThatThrownBy(() -> Cidr.parse("300.1.1.1")).hasMessageContaining("not a valid IP");
    assertThatThrownBy(() -> Cidr.parse("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void contains_matchesOnlyAddressesOfTheSameFamilyInsideTheNetwork() {
    Cidr network = Cidr.parse("10.0.0.0/8");

    assertThat(network.contains(Cidr.parse("10.200.3.4").network())).isTrue();
    assertThat(network.contains(Cidr.parse("11.0.0.1").network())).isFalse();
    assertThat(network.contains(Cidr.parse("fd00::1").network())).isFalse();
  }

  @Test
  void format_compressesTheLongestRunOfZeroGroupsOnly() {
    assertThat(Cidr.format(Cidr.parse("::").network())).isEqualTo("::");
    assertThat(Cidr.format(Cidr.parse("::1").network())).isEqualTo("::1");
    assertThat(Cidr.format(Cidr.parse("fd00::").network())).isEqualTo("fd00::");
    assertThat(Cidr.format(Cidr.parse("2001:0:0:1:0:0:0:1").network())).isEqualTo("2001:0:0:1::1");
    assertThat(Cidr.format(Cidr.parse("2001:db8:0:1:1:1:1:1").network()))
        .isEqualTo("2001:db8:0:1:1:1:1:1");
    assertThat(Cidr.format(Cidr.parse("10.0.0.1").network())).isEqualTo("10.0.0.1");
  }
}
