package io.firebreak.agent.isolation;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The agent's own isolation configuration, from its command line: what every isolation of this host
 * allows on top of a command's parameters, the default forbidden destination that proves isolation
 * works, and the self-test and nft time limits. Immutable.
 *
 * @param allow networks always allowed (both directions) while isolated
 * @param allowDns whether DNS is always allowed while isolated
 * @param allowDhcp whether DHCP is always allowed while isolated (keep it on hosts that lease their
 *     address, or they lose it and with it the gateway)
 * @param probe a destination that must be unreachable once isolated and reachable once released,
 *     used when a command names none; null for none
 * @param gatewayTimeout how long each gateway check (heartbeat round trip, new connection) may take
 * @param probeTimeout how long a probe connection may take before it counts as unreachable
 * @param nftTimeout how long one nft run may take
 */
public record IsolationSettings(
    List<Cidr> allow,
    boolean allowDns,
    boolean allowDhcp,
    HostPort probe,
    Duration gatewayTimeout,
    Duration probeTimeout,
    Duration nftTimeout) {

  public IsolationSettings {
    allow = List.copyOf(allow);
    Objects.requireNonNull(gatewayTimeout, "gatewayTimeout");
    Objects.requireNonNull(probeTimeout, "probeTimeout");
    Objects.requireNonNull(nftTimeout, "nftTimeout");
  }

  /** Nothing extra allowed, no default probe, 2 s gateway checks, 1 s probes, 10 s for nft. */
  public static IsolationSettings defaults() {
    return new IsolationSettings(
        List.of(),
        false,
        false,
        null,
        Duration.ofSeconds(2),
        Duration.ofSeconds(1),
        Duration.ofSeconds(10));
  }

  /** These settings with {@code allow}, {@code allowDns}, {@code allowDhcp} and {@code probe}. */
  public IsolationSettings with(
      List<Cidr> allow, boolean allowDns, boolean allowDhcp, HostPort probe) {
    return new IsolationSettings(
        allow, allowDns, allowDhcp, probe, gatewayTimeout, probeTimeout, nftTimeout);
  }

  /** The default probe, if configured. */
  public Optional<HostPort> defaultProbe() {
    return Optional.ofNullable(probe);
  }
}
