package io.firebreak.agent.isolation;

import io.firebreak.agent.action.ActionContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the isolation actions and the recovery share: gateway lookup, state, evidence. */
final class IsolationSupport {
  /** Evidence value of a probe check that was not run. */
  static final String NO_PROBE = "skipped: no probe (parameter probe or --isolation-probe)";

  private static final Logger log = LoggerFactory.getLogger(IsolationSupport.class);

  private IsolationSupport() {}

  /** The gateway the agent dials, if it has one. */
  static Optional<HostPort> gateway(ActionContext context) {
    return context.gateway().target().map(HostPort::parse);
  }

  /**
   * The gateway's addresses now; if DNS fails (an isolated host without allowDns cannot resolve),
   * the addresses the persisted isolation allowed for the same gateway.
   *
   * @throws IOException if neither is available
   */
  static List<InetAddress> resolveGateway(HostPort gateway, Optional<IsolationState> previous)
      throws IOException {
    try {
      return gateway.resolve();
    } catch (UnknownHostException e) {
      if (previous.isPresent()
          && previous.get().isolated()
          && gateway.toString().equals(previous.get().gateway())) {
        log.info(
            "cannot resolve gateway {} ({}); using the addresses the isolation allowed before",
            gateway,
            e.getMessage());
        return previous.get().policy(List.of()).gatewayAddresses();
      }
      throw new IOException(
          "cannot resolve the gateway host '"
              + gateway.host()
              + "' (the allow-list needs its addresses): "
              + e.getMessage(),
          e);
    }
  }

  /** The persisted state; an unreadable file is reported in the evidence and treated as none. */
  static Optional<IsolationState> readState(ActionContext context, Map<String, String> evidence) {
    try {
      return IsolationState.read(context.stateDirectory());
    } catch (IOException e) {
      log.warn("ignoring unreadable isolation state: {}", e.getMessage());
      evidence.put("state-warning", e.getMessage());
      return Optional.empty();
    }
  }

  /** Evidence entries naming what the policy allows. */
  static void describe(IsolationPolicy policy, Map<String, String> evidence) {
    evidence.put(
        "gateway",
        policy.gatewayAddresses().stream().map(Cidr::format).collect(Collectors.joining(", "))
            + " port "
            + policy.gatewayPort());
    evidence.put(
        "allow", policy.allow().stream().map(Cidr::toString).collect(Collectors.joining(", ")));
    evidence.put("allow-dns", String.valueOf(policy.allowDns()));
    evidence.put("allow-dhcp", String.valueOf(policy.allowDhcp()));
  }

  /** Names the parameters the action ignored, if any. */
  static void noteIgnored(IsolationRequest request, Map<String, String> evidence) {
    if (!request.ignored().isEmpty()) {
      evidence.put("ignored-parameters", String.join(", ", request.ignored()));
    }
  }

  /** Milliseconds since {@code startNanos}, as evidence text. */
  static String millisSince(long startNanos) {
    return String.valueOf((System.nanoTime() - startNanos) / 1_000_000);
  }
}
