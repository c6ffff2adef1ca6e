package io.firebreak.agent.isolation;

import static io.firebreak.agent.isolation.IsolationSupport.millisSince;

import io.firebreak.agent.action.ActionContext;
import io.firebreak.agent.action.ActionResult;
import io.firebreak.agent.action.DurableAction;
import io.firebreak.agent.isolation.Nftables.NftablesException;
import io.firebreak.agent.isolation.SelfTest.Check;
import io.firebreak.proto.agent.v1.Command;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code isolate-host}: cuts the host off the network except for its gateway channel and what the
 * command and the agent's {@link IsolationSettings} allow (see {@link IsolationRequest} for the
 * parameters), with the nftables table described in {@link IsolationRuleset}, then proves it:
 *
 * <ol>
 *   <li>the gateway still answers a heartbeat on the live stream and accepts a new connection,
 *       otherwise the isolation is undone and the result is ROLLED_BACK: an isolated host must
 *       never become unmanageable;
 *   <li>the probe destination, if any, is unreachable, otherwise the isolation is not effective and
 *       is undone as well (ROLLED_BACK).
 * </ol>
 *
 * <p>Idempotent: isolating an isolated host replaces its one table with the new policy. The policy
 * is persisted in {@code isolation.json}; when the agent starts it re-applies the isolation (see
 * {@link #recover}). Evidence: the ruleset as nft lists it, the self-test outcomes and timings.
 * Thread-safe: runs under the lock of the shared {@link IsolationTable}.
 */
public final class IsolateHost implements DurableAction {
  /** The action type. */
  public static final String TYPE = "isolate-host";

  private static final Logger log = LoggerFactory.getLogger(IsolateHost.class);

  private final IsolationTable table;
  private final IsolationSettings settings;

  IsolateHost(IsolationTable table, IsolationSettings settings) {
    this.table = table;
    this.settings = settings;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public ActionResult execute(Command command, ActionContext context) throws InterruptedException {
    synchronized (table) {
      return isolate(command, context);
    }
  }

  /**
   * Re-applies the persisted isolation (the table may be gone after a reboot, and the gateway's
   * addresses may have changed), or removes an isolation table the state does not confirm.
   */
  @Override
  public void recover(ActionContext context) throws IOException, InterruptedException {
    synchronized (table) {
      new IsolationRecovery(table, settings).recover(context);
    }
  }

  private ActionResult isolate(Command command, ActionContext context) throws InterruptedException {
    long start = System.nanoTime();
    Map<String, String> evidence = new LinkedHashMap<>();
    IsolationRequest request;
    try {
      request = IsolationRequest.of(command.getParametersMap(), settings);
    } catch (IllegalArgumentException e) {
      return ActionResult.failed("isolation not applied: " + e.getMessage(), evidence);
    }
    IsolationSupport.noteIgnored(request, evidence);
    Optional<HostPort> gatewayTarget = IsolationSupport.gateway(context);
    if (gatewayTarget.isEmpty()) {
      return ActionResult.failed(
          "isolation not applied: the agent has no gateway, so nothing could manage the host afterwards",
          evidence);
    }
    HostPort gateway = gatewayTarget.get();
    Optional<IsolationState> previous = IsolationSupport.readState(context, evidence);
    List<InetAddress> gatewayAddresses;
    List<InetAddress> probeAddresses;
    try {
      gatewayAddresses = IsolationSupport.resolveGateway(gateway, previous);
      probeAddresses = request.probe() == null ? List.of() : resolveProbe(request.probe());
    } catch (IOException e) {
      return ActionResult.failed("isolation not applied: " + e.getMessage(), evidence);
    }
    IsolationPolicy policy =
        new IsolationPolicy(
            gateway.port(),
            gatewayAddresses,
            request.allow(),
            request.allowDns(),
            request.allowDhcp());
    IsolationSupport.describe(policy, evidence);
    boolean wasIsolated;
    try {
      wasIsolated = table.exists();
    } catch (NftablesException e) {
      return ActionResult.failed("isolation not applied: nft is not usable: " + e.getMessage(), evidence);
    }
    evidence.put("already", String.valueOf(wasIsolated));
    if (request.probe() != null && !wasIsolated) {
      // Without this baseline, a probe that was never reachable would seem to prove the isolation.
      evidence.put(
          "selftest.probe-before",
          SelfTest.reachable(request.probe(), probeAddresses, settings.probeTimeout()).summary());
    }

    long applyStart = System.nanoTime();
    try {
      table.replace(policy);
    } catch (NftablesException e) {
      return ActionResult.failed(
          "nft rejected the isolation ruleset ("
              + (wasIsolated ? "the previous isolation is unchanged" : "the host is not isolated")
              + "): "
              + e.getMessage(),
          evidence);
    }
    evidence.put("timing.apply-ms", millisSince(applyStart));
    evidence.put("ruleset", table.listing());

    long testStart = System.nanoTime();
    Check gatewayCheck =
        SelfTest.gateway(
            context.gateway(), gatewayAddresses, gateway.port(), settings.gatewayTimeout());
    evidence.put("selftest.gateway", gatewayCheck.summary());
    Check probeCheck = null;
    if (request.probe() == null) {
      evidence.put("selftest.probe", IsolationSupport.NO_PROBE);
    } else if (gatewayCheck.passed()) {
      probeCheck = SelfTest.unreachable(request.probe(), probeAddresses, settings.probeTimeout());
      evidence.put("selftest.probe", probeCheck.summary());
    } else {
      evidence.put("selftest.probe", "skipped: the gateway check failed");
    }
    evidence.put("timing.selftest-ms", millisSince(testStart));
    if (!gatewayCheck.passed()) {
      String reason =
          "the gateway is not reachable through the isolation (" + gatewayCheck.summary() + ")";
      return rollBack(reason, previous, wasIsolated, context, evidence, start);
    }
    if (probeCheck != null && !probeCheck.passed()) {
      String reason = "isolation is not effective: " + probeCheck.summary();
      return rollBack(reason, previous, wasIsolated, context, evidence, start);
    }

    String detail =
        (wasIsolated ? "host was already isolated; isolation re-applied" : "host isolated")
            + "; gateway channel verified"
            + (probeCheck == null ? "" : "; probe blocked");
    try {
      IsolationState.isolated(policy, gateway, command.getCommandId(), context.clock().millis())
          .write(context.stateDirectory());
    } catch (IOException e) {
      log.error(
          "host {}: isolated, but the isolation state could not be saved", context.hostId(), e);
      detail +=
          "; WARNING: the isolation state could not be saved, a restarted agent will remove the "
              + "isolation ("
              + e.getMessage()
              + ")";
    }
    evidence.put("isolated", "true");
    evidence.put("timing.total-ms", millisSince(start));
    log.info("host {} isolated: {}", context.hostId(), gatewayCheck.summary());
    return ActionResult.succeeded(detail, evidence);
  }

  private static List<InetAddress> resolveProbe(HostPort probe) throws IOException {
    try {
      return probe.resolve();
    } catch (UnknownHostException e) {
      throw new IOException(
          "cannot resolve the probe host '" + probe.host() + "': " + e.getMessage(), e);
    }
  }

  /** Restores what was there before: the previous (verified) isolation, or none. */
  private ActionResult rollBack(
      String reason,
      Optional<IsolationState> previous,
      boolean wasIsolated,
      ActionContext context,
      Map<String, String> evidence,
      long start)
      throws InterruptedException {
    long rollbackStart = System.nanoTime();
    boolean restorePrevious = wasIsolated && previous.map(IsolationState::isolated).orElse(false);
    try {
      if (restorePrevious) {
        table.replace(previous.get().policy(List.of()));
      } else {
        table.remove();
      }
    } catch (IOException e) {
      log.error(
          "host {}: {}; undoing the isolation failed, the host may be unmanageable",
          context.hostId(),
          reason,
          e);
      evidence.put("timing.total-ms", millisSince(start));
      return ActionResult.failed(
          reason
              + "; undoing the isolation failed, the host may be unmanageable: "
              + e.getMessage(),
          evidence);
    }
    evidence.put("isolated", String.valueOf(restorePrevious));
    evidence.put("timing.rollback-ms", millisSince(rollbackStart));
    evidence.put("timing.total-ms", millisSince(start));
    log.warn("host {}: isolation rolled back: {}", context.hostId(), reason);
    return ActionResult.rolledBack(
        reason
            + (restorePrevious
                ? "; the previous isolation was restored"
                : "; the isolation was removed"),
        evidence);
  }
}
