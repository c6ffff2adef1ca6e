package io.firebreak.agent.isolation;

import static io.firebreak.agent.isolation.IsolationSupport.millisSince;

import io.firebreak.agent.action.Action;
import io.firebreak.agent.action.ActionContext;
import io.firebreak.agent.action.ActionResult;
import io.firebreak.agent.isolation.Nftables.NftablesException;
import io.firebreak.agent.isolation.SelfTest.Check;
import io.firebreak.proto.agent.v1.Command;
import java.io.IOException;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code release-host}: undoes {@link IsolateHost} by deleting the isolation table, records the
 * host as released in {@code isolation.json}, and verifies connectivity: the gateway (heartbeat
 * round trip and a new connection) and, if a {@code probe} parameter or {@code --isolation-probe}
 * names one, the probe destination must be reachable. A failed check is reported as FAILED with the
 * table already removed (there is nothing to undo). Idempotent: releasing a released host succeeds.
 * Thread-safe: runs under the lock of the shared {@link IsolationTable}.
 */
public final class ReleaseHost implements Action {
  /** The action type. */
  public static final String TYPE = "release-host";

  private static final Logger log = LoggerFactory.getLogger(ReleaseHost.class);

  private final IsolationTable table;
  private final IsolationSettings settings;

  ReleaseHost(IsolationTable table, IsolationSettings settings) {
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
      return release(command, context);
    }
  }

  private ActionResult release(Command command, ActionContext context) throws InterruptedException {
    long start = System.nanoTime();
    Map<String, String> evidence = new LinkedHashMap<>();
    IsolationRequest request;
    try {
      request = IsolationRequest.of(command.getParametersMap(), settings);
    } catch (IllegalArgumentException e) {
      return ActionResult.failed("not released: " + e.getMessage(), evidence);
    }
    IsolationSupport.noteIgnored(request, evidence);
    Optional<IsolationState> previous = IsolationSupport.readState(context, evidence);
    boolean wasIsolated;
    try {
      wasIsolated = table.exists();
    } catch (NftablesException e) {
      return ActionResult.failed("not released: nft is not usable: " + e.getMessage(), evidence);
    }
    evidence.put("already", String.valueOf(!wasIsolated));
    // The released state is saved first: if the agent stops right after, a restart finds a table
    // the state does not confirm and removes it, instead of isolating the host again.
    try {
      IsolationState.released(command.getCommandId(), context.clock().millis())
          .write(context.stateDirectory());
    } catch (IOException e) {
      return ActionResult.failed(
          "not released: the isolation state cannot be saved: " + e.getMessage(), evidence);
    }
    long applyStart = System.nanoTime();
    try {
      table.remove();
    } catch (NftablesException e) {
      restore(previous, context);
      return ActionResult.failed(
          "not released: nft could not delete the isolation table: " + e.getMessage(), evidence);
    }
    evidence.put("timing.apply-ms", millisSince(applyStart));
    evidence.put("isolated", "false");

    long testStart = System.nanoTime();
    Check gatewayCheck = gatewayCheck(context);
    evidence.put("selftest.gateway", gatewayCheck.summary());
    Check probeCheck = null;
    if (request.probe() == null) {
      evidence.put("selftest.probe", IsolationSupport.NO_PROBE);
    } else {
      try {
        probeCheck =
            SelfTest.reachable(request.probe(), request.probe().resolve(), settings.probeTimeout());
      } catch (UnknownHostException e) {
        probeCheck = new Check(false, "cannot resolve " + request.probe() + ": " + e.getMessage());
      }
      evidence.put("selftest.probe", probeCheck.summary());
    }
    evidence.put("timing.selftest-ms", millisSince(testStart));
    evidence.put("timing.total-ms", millisSince(start));
    String failures =
        Stream.of(gatewayCheck, probeCheck)
            .filter(check -> check != null && !check.passed())
            .map(Check::summary)
            .collect(Collectors.joining("; "));
    if (!failures.isEmpty()) {
      log.warn("host {}: isolation removed, but: {}", context.hostId(), failures);
      return ActionResult.failed(
          "isolation removed, but the connectivity check failed: " + failures, evidence);
    }
    log.info("host {} released", context.hostId());
    return ActionResult.succeeded(
        wasIsolated ? "host released; connectivity verified" : "host was not isolated", evidence);
  }

  private Check gatewayCheck(ActionContext context) throws InterruptedException {
    Optional<HostPort> gateway = IsolationSupport.gateway(context);
    if (gateway.isEmpty()) {
      return new Check(false, "the agent has no gateway");
    }
    try {
      return SelfTest.gateway(
          context.gateway(),
          gateway.get().resolve(),
          gateway.get().port(),
          settings.gatewayTimeout());
    } catch (UnknownHostException e) {
      return new Check(false, "cannot resolve " + gateway.get() + ": " + e.getMessage());
    }
  }

  private static void restore(Optional<IsolationState> previous, ActionContext context) {
    if (previous.isPresent()) {
      try {
        previous.get().write(context.stateDirectory());
      } catch (IOException e) {
        log.error("could not restore the isolation state after a failed release", e);
      }
    }
  }
}
