package io.firebreak.agent.isolation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The parameters of one isolate-host or release-host command, merged with the agent's settings. A
 * command can widen what the agent's configuration allows, never narrow it (the configuration is
 * the host owner's: DHCP, for one, may be what keeps the host reachable at all). Immutable.
 *
 * <p>Parameters: {@code allow} (comma-separated IPv4/IPv6 addresses or CIDRs, both directions),
 * {@code allowDns} and {@code allowDhcp} ({@code true}/{@code false}), {@code probe} ({@code
 * host:port} that must be unreachable while isolated and reachable once released) and {@code
 * reason} (free text for the responder; never put into the ruleset). Other parameters are ignored
 * and reported in the evidence.
 *
 * @param allow networks to allow (configuration and command)
 * @param allowDns whether DNS is allowed
 * @param allowDhcp whether DHCP is allowed
 * @param probe the forbidden destination to test, or null for none
 * @param ignored names of parameters this action does not know, sorted
 */
record IsolationRequest(
    List<Cidr> allow, boolean allowDns, boolean allowDhcp, HostPort probe, List<String> ignored) {
  static final Set<String> KNOWN = Set.of("allow", "allowDns", "allowDhcp", "probe", "reason");

  /**
   * Reads {@code parameters} on top of {@code settings}.
   *
   * @throws IllegalArgumentException naming the parameter whose value is malformed
   */
  static IsolationRequest of(Map<String, String> parameters, IsolationSettings settings) {
    List<Cidr> allow = new ArrayList<>(settings.allow());
    String allowed = parameters.getOrDefault("allow", "").strip();
    if (!allowed.isEmpty()) {
      for (String item : allowed.split(",")) {
        if (item.isBlank()) {
          continue;
        }
        try {
          allow.add(Cidr.parse(item));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("parameter allow: " + e.getMessage(), e);
        }
      }
    }
    HostPort probe = settings.probe();
    String probeText = parameters.getOrDefault("probe", "").strip();
    if (!probeText.isEmpty()) {
      try {
        probe = HostPort.parse(probeText);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("parameter probe: " + e.getMessage(), e);
      }
    }
    Set<String> ignored = new TreeSet<>(parameters.keySet());
    ignored.removeAll(KNOWN);
    return new IsolationRequest(
        List.copyOf(allow),
        settings.allowDns() || flag(parameters, "allowDns"),
        settings.allowDhcp() || flag(parameters, "allowDhcp"),
        probe,
        List.copyOf(ignored));
  }

  private static boolean flag(Map<String, String> parameters, String name) {
    String value = parameters.getOrDefault(name, "false").strip().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "true", "yes" -> true;
      case "false", "no", "" -> false;
      default ->
          throw new IllegalArgumentException(
              "parameter " + name + " must be true or false, got '" + parameters.get(name) + "'");
    };
  }
}
