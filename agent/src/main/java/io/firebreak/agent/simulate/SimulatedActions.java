package io.firebreak.agent.simulate;

import io.firebreak.agent.action.ActionRegistry;
import java.time.Duration;
import java.util.List;

/**
 * The simulated executor set: {@code isolate-host}, {@code release-host}, {@code collect-evidence},
 * {@code rotate-credential}, {@code kill-process}, {@code disable-account} and {@code
 * enable-account}, all acting on one {@link SimulatedHostState}. For the demo, benchmarks and
 * tests; a real (non-simulated) agent must never register these.
 */
public final class SimulatedActions {
  /** Every simulated action type, sorted. */
  public static final List<String> TYPES =
      List.of(
          CollectEvidence.TYPE,
          DisableAccount.TYPE,
          EnableAccount.TYPE,
          IsolateHost.TYPE,
          KillProcess.TYPE,
          ReleaseHost.TYPE,
          RotateCredential.TYPE);

  private SimulatedActions() {}

  /** The simulated actions on {@code state}, each waiting {@code latency} before acting. */
  public static ActionRegistry registry(SimulatedHostState state, Duration latency) {
    return ActionRegistry.of(
        List.of(
            new IsolateHost(state, latency),
            new ReleaseHost(state, latency),
            new CollectEvidence(state, latency),
            new RotateCredential(state, latency),
            new KillProcess(state, latency),
            new DisableAccount(state, latency),
            new EnableAccount(state, latency)));
  }
}
