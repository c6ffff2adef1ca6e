package io.firebreak.agent.isolation;

import io.firebreak.agent.action.ActionContext;
import io.firebreak.agent.isolation.SelfTest.Check;
import java.io.IOException;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the host in line with {@code isolation.json} when the agent starts: an isolated host gets
 * its isolation re-applied (with the gateway's current addresses), a table the state does not
 * confirm is removed. Called by {@link IsolateHost#recover} under the table's lock.
 */
final class IsolationRecovery {
  private static final Logger log = LoggerFactory.getLogger(IsolationRecovery.class);

  private final IsolationTable table;
  private final IsolationSettings settings;

  IsolationRecovery(IsolationTable table, IsolationSettings settings) {
    this.table = table;
    this.settings = settings;
  }

  void recover(ActionContext context) throws IOException, InterruptedException {
    Optional<IsolationState> state = IsolationState.read(context.stateDirectory());
    boolean exists = table.exists();
    if (state.isEmpty() || !state.get().isolated()) {
      if (exists) {
        log.warn(
            "found an isolation table that {} does not confirm (the agent stopped during "
                + "isolate-host or release-host?): removing it so the host stays manageable; the "
                + "gateway's retry of the unanswered command isolates again",
            IsolationState.FILE_NAME);
        table.remove();
      }
      return;
    }
    IsolationState isolated = state.get();
    Optional<HostPort> target = IsolationSupport.gateway(context);
    if (target.isEmpty()) {
      log.error(
          "{} says the host is isolated, but the agent has no gateway: isolation not re-applied",
          IsolationState.FILE_NAME);
      return;
    }
    HostPort gateway = target.get();
    List<InetAddress> addresses = IsolationSupport.resolveGateway(gateway, state);
    IsolationPolicy policy = isolated.policy(addresses);
    table.replace(policy);
    if (exists) {
      log.info(
          "host is isolated (command {}): isolation re-applied for gateway {}",
          isolated.commandId(),
          gateway);
    } else {
      log.warn(
          "host is isolated (command {}) but its isolation table was missing (reboot or manual "
              + "removal): isolation re-applied for gateway {}",
          isolated.commandId(),
          gateway);
    }
    IsolationState.isolated(policy, gateway, isolated.commandId(), isolated.changedAtMs())
        .write(context.stateDirectory());
    Check check = SelfTest.gatewayConnect(addresses, gateway.port(), settings.gatewayTimeout());
    if (check.passed()) {
      log.info("isolated host reaches its gateway: {}", check.summary());
    } else {
      // Not undone: the isolation was verified when it was applied, and a gateway that is down
      // must not release a compromised host. The agent keeps dialing.
      log.warn("isolated host cannot reach its gateway yet: {}", check.summary());
    }
  }
}
