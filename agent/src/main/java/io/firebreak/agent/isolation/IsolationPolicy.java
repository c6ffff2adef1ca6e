package io.firebreak.agent.isolation;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * What an isolated host may still talk to: the gateway channel (its addresses and port), extra
 * networks in both directions, and optionally DNS and DHCP. Loopback and the IPv6 neighbour
 * discovery that any IPv6 traffic needs are always allowed and not part of the policy. The lists
 * are normalized (deduplicated, sorted IPv4 first, networks inside another allowed network
 * dropped), so equal policies render the same ruleset. Immutable.
 *
 * @param gatewayPort the gateway's TCP port
 * @param gatewayAddresses every address of the gateway (at least one)
 * @param allow networks reachable in both directions
 * @param allowDns whether DNS (port 53, UDP and TCP) to any server is allowed
 * @param allowDhcp whether DHCP and DHCPv6 client traffic is allowed
 */
public record IsolationPolicy(
    int gatewayPort,
    List<InetAddress> gatewayAddresses,
    List<Cidr> allow,
    boolean allowDns,
    boolean allowDhcp) {

  private static final Comparator<InetAddress> ADDRESS_ORDER =
      Comparator.<InetAddress>comparingInt(address -> address.getAddress().length)
          .thenComparing(InetAddress::getAddress, Arrays::compareUnsigned);

  public IsolationPolicy {
    if (gatewayPort < 1 || gatewayPort > 65535) {
      throw new IllegalArgumentException("gateway port " + gatewayPort + " is not in 1..65535");
    }
    if (gatewayAddresses.isEmpty()) {
      throw new IllegalArgumentException("an isolation policy needs at least one gateway address");
    }
    gatewayAddresses =
        List.copyOf(new LinkedHashSet<>(gatewayAddresses.stream().sorted(ADDRESS_ORDER).toList()));
    allow = normalize(allow);
  }

  /** The gateway addresses of one family. */
  List<InetAddress> gateway(boolean ipv4) {
    return gatewayAddresses.stream()
        .filter(address -> address instanceof Inet4Address == ipv4)
        .toList();
  }

  /** The allowed networks of one family. */
  List<Cidr> allowed(boolean ipv4) {
    return allow.stream().filter(cidr -> cidr.ipv4() == ipv4).toList();
  }

  private static List<Cidr> normalize(List<Cidr> networks) {
    List<Cidr> sorted =
        networks.stream()
            .map(Objects::requireNonNull)
            .distinct()
            .sorted(
                Comparator.comparing(Cidr::network, ADDRESS_ORDER)
                    .thenComparingInt(Cidr::prefixLength))
            .toList();
    // nft rejects overlapping intervals in one set; CIDR blocks either nest or are disjoint, so
    // dropping every block inside a wider one leaves a disjoint list.
    List<Cidr> kept = new ArrayList<>();
    for (Cidr candidate : sorted) {
      boolean covered =
          sorted.stream()
              .anyMatch(
                  other ->
                      !other.equals(candidate)
                          && other.prefixLength() <= candidate.prefixLength()
                          && other.contains(candidate.network()));
      if (!covered) {
        kept.add(candidate);
      }
    }
    return List.copyOf(kept);
  }
}
