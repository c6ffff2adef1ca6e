package io.firebreak.agent.isolation;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders an {@link IsolationPolicy} as nft scripts for the table {@value #FAMILY} {@value #TABLE},
 * which Firebreak owns alone. A pure function of the policy: no I/O, and no free text from a
 * command ever reaches the script (only validated addresses, networks and ports).
 *
 * <p>The table has {@code input}, {@code output} and {@code forward} base chains with policy drop
 * at priority {@value #PRIORITY}. Why that priority: {@code ct state} needs conntrack, which runs
 * at -200 on input and output, so a chain at raw priority (-300) would see every packet as
 * untracked and could not let the established gateway stream through. -190 is right after conntrack
 * and before mangle (-150), destination NAT (-100) and every filter-priority table (0, where
 * iptables-nft, firewalld and Docker hook in), so the isolation decision is taken on the packet as
 * the host sent or received it, before any other table can accept, mark or rewrite it. Order only
 * matters for that reason: a drop in any base chain is final, so another table's accept can never
 * undo the isolation.
 *
 * <p>Allowed: loopback; the gateway channel (new and established connections to the gateway's
 * addresses and port, established replies from them); the policy's networks in both directions;
 * IPv6 neighbour discovery and multicast listener reports (without them IPv6 stops working on the
 * link, the gateway channel included); ICMP errors related to an allowed connection (path MTU
 * discovery); and, if the policy says so, DNS and DHCP client traffic. Nothing is forwarded.
 */
final class IsolationRuleset {
  /** The nft family of the isolation table. */
  static final String FAMILY = "inet";

  /** The isolation table's name. */
  static final String TABLE = "firebreak_isolation";

  /** Base chain priority, see the class comment. */
  static final int PRIORITY = -190;

  private IsolationRuleset() {}

  /**
   * One transaction that replaces any isolation table with the one for {@code policy}: declaring
   * the table first makes the delete succeed when it does not exist yet, and {@code nft -f} applies
   * the whole script atomically, so no partial ruleset is ever in force.
   */
  static String replace(IsolationPolicy policy) {
    return remove() + table(policy);
  }

  /** One transaction that deletes the isolation table, and succeeds when there is none. */
  static String remove() {
    return "table " + FAMILY + " " + TABLE + "\n" + "delete table " + FAMILY + " " + TABLE + "\n";
  }

  /** The table definition alone. */
  static String table(IsolationPolicy policy) {
    StringBuilder script = new StringBuilder();
    script.append("table ").append(FAMILY).append(' ').append(TABLE).append(" {\n");
    script.append("\tcomment \"Firebreak host isolation; undo with release-host\"\n");
    set(script, "gateway_v4", "ipv4_addr", false, addresses(policy.gateway(true)));
    set(script, "gateway_v6", "ipv6_addr", false, addresses(policy.gateway(false)));
    set(script, "allow_v4", "ipv4_addr", true, networks(policy.allowed(true)));
    set(script, "allow_v6", "ipv6_addr", true, networks(policy.allowed(false)));

    chain(script, "input", "iif \"lo\" accept");
    gatewayRules(script, policy, "saddr", "sport", " ct state established");
    allowRules(script, policy, "saddr");
    line(
        script,
        "icmpv6 type { nd-router-advert, nd-neighbor-solicit, nd-neighbor-advert }"
            + " ip6 hoplimit 255 accept");
    line(script, "icmpv6 type mld-listener-query accept");
    line(script, "meta l4proto { icmp, ipv6-icmp } ct state related accept");
    if (policy.allowDns()) {
      line(script, "meta l4proto { tcp, udp } th sport 53 ct state established accept");
    }
    if (policy.allowDhcp()) {
      line(script, "udp sport 67 udp dport 68 accept");
      line(script, "udp sport 547 udp dport 546 accept");
    }
    script.append("\t}\n\n");

    chain(script, "output", "oif \"lo\" accept");
    gatewayRules(script, policy, "daddr", "dport", "");
    allowRules(script, policy, "daddr");
    line(
        script,
        "icmpv6 type { nd-router-solicit, nd-neighbor-solicit, nd-neighbor-advert }"
            + " ip6 hoplimit 255 accept");
    line(
        script,
        "icmpv6 type { mld-listener-report, mld-listener-done, mld2-listener-report } accept");
    line(script, "meta l4proto { icmp, ipv6-icmp } ct state related accept");
    if (policy.allowDns()) {
      line(script, "meta l4proto { tcp, udp } th dport 53 accept");
    }
    if (policy.allowDhcp()) {
      line(script, "udp sport 68 udp dport 67 accept");
      line(script, "udp sport 546 udp dport 547 accept");
    }
    script.append("\t}\n\n");

    script
        .append("\tchain forward {\n")
        .append("\t\ttype filter hook forward priority ")
        .append(PRIORITY)
        .append("; policy drop;\n")
        .append("\t}\n");
    script.append("}\n");
    return script.toString();
  }

  private static void gatewayRules(
      StringBuilder script, IsolationPolicy policy, String address, String port, String state) {
    int gatewayPort = policy.gatewayPort();
    if (!policy.gateway(true).isEmpty()) {
      line(
          script,
          "ip " + address + " @gateway_v4 tcp " + port + " " + gatewayPort + state + " accept");
    }
    if (!policy.gateway(false).isEmpty()) {
      line(
          script,
          "ip6 " + address + " @gateway_v6 tcp " + port + " " + gatewayPort + state + " accept");
    }
  }

  private static void allowRules(StringBuilder script, IsolationPolicy policy, String address) {
    if (!policy.allowed(true).isEmpty()) {
      line(script, "ip " + address + " @allow_v4 accept");
    }
    if (!policy.allowed(false).isEmpty()) {
      line(script, "ip6 " + address + " @allow_v6 accept");
    }
  }

  private static void chain(StringBuilder script, String hook, String firstRule) {
    script
        .append("\tchain ")
        .append(hook)
        .append(" {\n")
        .append("\t\ttype filter hook ")
        .append(hook)
        .append(" priority ")
        .append(PRIORITY)
        .append("; policy drop;\n");
    line(script, firstRule);
  }

  private static void set(
      StringBuilder script, String name, String type, boolean interval, List<String> elements) {
    if (elements.isEmpty()) {
      return;
    }
    script.append("\tset ").append(name).append(" {\n");
    script.append("\t\ttype ").append(type).append('\n');
    if (interval) {
      script.append("\t\tflags interval\n");
    }
    script.append("\t\telements = { ").append(String.join(", ", elements)).append(" }\n");
    script.append("\t}\n\n");
  }

  private static void line(StringBuilder script, String rule) {
    script.append("\t\t").append(rule).append('\n');
  }

  private static List<String> addresses(List<InetAddress> addresses) {
    return addresses.stream().map(Cidr::format).collect(Collectors.toList());
  }

  private static List<String> networks(List<Cidr> networks) {
    return networks.stream().map(Cidr::toString).collect(Collectors.toList());
  }
}
