package io.firebreak.agent.isolation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class IsolationRulesetTest {

  private static InetAddress address(String literal) {
    return Cidr.parse(literal).network();
  }

  private static IsolationPolicy policy(
      List<String> gateway, List<String> allow, boolean dns, boolean dhcp) {
    return new IsolationPolicy(
        7443,
        gateway.stream().map(IsolationRulesetTest::address).toList(),
        allow.stream().map(Cidr::parse).toList(),
        dns,
        dhcp);
  }

  @Test
  void table_withDualStackGatewayAndNetworks_rendersTheFullRuleset() {
    IsolationPolicy policy =
        policy(
            List.of("fd00:231::1", "10.231.0.1"),
            List.of("fd00:99::/64", "192.0.2.0/24", "198.51.100.7"),
            false,
            false);

    assertThat(IsolationRuleset.table(policy))
        .isEqualTo(
            """
            table inet firebreak_isolation {
            \tcomment "Firebreak host isolation; undo with release-host"
            \tset gateway_v4 {
            \t\ttype ipv4_addr
            \t\telements = { 10.231.0.1 }
            \t}

            \tset gateway_v6 {
            \t\ttype ipv6_addr
            \t\telements = { fd00:231::1 }
            \t}

            \tset allow_v4 {
            \t\ttype ipv4_addr
            \t\tflags interval
            \t\telements = { 192.0.2.0/24, 198.51.100.7 }
            \t}

            \tset allow_v6 {
            \t\ttype ipv6_addr
            \t\tflags interval
            \t\telements = { fd00:99::/64 }
            \t}

            \tchain input {
            \t\ttype filter hook input priority -190; policy drop;
            \t\tiif "lo" accept
            \t\tip saddr @gateway_v4 tcp sport 7443 ct state established accept
            \t\tip6 saddr @gateway_v6 tcp sport 7443 ct state established accept
            \t\tip saddr @allow_v4 accept
            \t\tip6 saddr @allow_v6 accept
            \t\ticmpv6 type { nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert } \
            ip6 hoplimit 255 accept
            \t\ticmpv6 type mld-listener-query accept
            \t\tmeta l4proto { icmp, ipv6-icmp } ct state related accept
            \t}

            \tchain output {
            \t\ttype filter hook output priority -190; policy drop;
            \t\toif "lo" accept
            \t\tip daddr @gateway_v4 tcp dport 7443 accept
            \t\tip6 daddr @gateway_v6 tcp dport 7443 accept
            \t\tip daddr @allow_v4 accept
            \t\tip6 daddr @allow_v6 accept
            \t\ticmpv6 type { nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert } \
            ip6 hoplimit 255 accept
            \t\ticmpv6 type { mld-listener-report, mld-listener-done, mld2-listener-report } accept
            \t\tmeta l4proto { icmp, ipv6-icmp } ct state related accept
            \t}

            \tchain forward {
            \t\ttype filter hook forward priority -190; policy drop;
            \t}
            }
            """);
  }

  @Test
  void replace_declaresDeletesAndRecreatesTheTableInOneScript() {
    String script = IsolationRuleset.replace(policy(List.of("10.0.0.1"), List.of(), false, false));

    assertThat(script)
        .startsWith(
            "table inet firebreak_isolation\n"
                + "delete table inet firebreak_isolation\n"
                + "table inet firebreak_isolation {\n");
    assertThat(script.split("\n", -1)).filteredOn(line -> line.startsWith("table ")).hasSize(2);
  }

  @Test
  void remove_succeedsWhetherOrNotTheTableExists() {
    assertThat(IsolationRuleset.remove())
        .isEqualTo("table inet firebreak_isolation\ndelete table inet firebreak_isolation\n");
  }

  @Test
  void table_withAnIpv4OnlyGateway_hasNoIpv6GatewaySetOrRules() {
    String table = IsolationRuleset.table(policy(List.of("10.0.0.1"), List.of(), false, false));

    assertThat(table).contains("set gateway_v4", "ip daddr @gateway_v4 tcp dport 7443 accept");
    assertThat(table).doesNotContain("gateway_v6", "allow_v4", "allow_v6");
  }

  @Test
  void table_withAnIpv6OnlyGateway_allowsItOverIpv6Only() {
    String table = IsolationRuleset.table(policy(List.of("2001:db8::10"), List.of(), false, false));

    assertThat(table)
        .contains(
            "elements = { 2001:db8::10 }",
            "ip6 saddr @gateway_v6 tcp sport 7443 ct state established accept",
            "ip6 daddr @gateway_v6 tcp dport 7443 accept");
    assertThat(table).doesNotContain("gateway_v4");
  }

  @Test
  void table_acceptsOnlyEstablishedTrafficFromTheGateway() {
    String table = IsolationRuleset.table(policy(List.of("10.0.0.1"), List.of(), false, false));

    assertThat(table.lines().filter(line -> line.contains("@gateway_v4")))
        .containsExactly(
            "\t\tip saddr @gateway_v4 tcp sport 7443 ct state established accept",
            "\t\tip daddr @gateway_v4 tcp dport 7443 accept");
  }

  @Test
  void table_withDnsAndDhcp_addsTheirRulesInBothDirections() {
    String without = IsolationRuleset.table(policy(List.of("10.0.0.1"), List.of(), false, false));
    String with = IsolationRuleset.table(policy(List.of("10.0.0.1"), List.of(), true, true));

    assertThat(without).doesNotContain(" 53 ", "sport 67", "sport 547", "sport 68", "sport 546");
    assertThat(with)
        .contains(
            "meta l4proto { tcp, udp } th sport 53 ct state established accept",
            "meta l4proto { tcp, udp } th dport 53 accept",
            "udp sport 67 udp dport 68 accept",
            "udp sport 68 udp dport 67 accept",
            "udp sport 547 udp dport 546 accept",
            "udp sport 546 udp dport 547 accept");
  }

  @Test
  void table_dropsByDefaultInEveryChainAndForwardsNothing() {
    String table = IsolationRuleset.table(policy(List.of("10.0.0.1"), List.of(), true, true));

    assertThat(table.lines().filter(line -> line.contains("policy drop;")))
        .containsExactly(
            "\t\ttype filter hook input priority -190; policy drop;",
            "\t\ttype filter hook output priority -190; policy drop;",
            "\t\ttype filter hook forward priority -190; policy drop;");
    String forward = table.substring(table.indexOf("chain forward"));
    assertThat(forward).doesNotContain("accept");
  }

  @Test
  void policy_collapsesDuplicateAndNestedNetworksSoNftSeesNoOverlap() {
    IsolationPolicy policy =
        policy(
            List.of("10.0.0.1", "10.0.0.1"),
            List.of("10.1.0.0/16", "10.0.0.0/8", "10.2.3.4", "10.200.1.9/8", "fd00::/8", "fd00::1"),
            false,
            false);

    assertThat(policy.gatewayAddresses()).containsExactly(address("10.0.0.1"));
    assertThat(policy.allow()).extracting(Cidr::toString).containsExactly("10.0.0.0/8", "fd00::/8");
  }

  @Test
  void table_isTheSameForTheSamePolicyInAnyOrder() {
    String one =
        IsolationRuleset.table(
            policy(
                List.of("10.0.0.2", "10.0.0.1"),
                List.of("192.0.2.0/24", "fd00::/64"),
                true,
                false));
    String other =
        IsolationRuleset.table(
            policy(
                List.of("10.0.0.1", "10.0.0.2"),
                List.of("fd00::/64", "192.0.2.0/24"),
                true,
                false));

    assertThat(one).isEqualTo(other).contains("elements = { 10.0.0.1, 10.0.0.2 }");
  }
}
