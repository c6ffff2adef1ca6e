package io.firebreak.agent.action;

/**
 * An action whose effect outlives the agent process, such as a firewall table. When the agent
 * starts, before it dials its gateway, it calls {@link #recover} once, so the action can compare
 * the host with the state it persisted in {@link ActionContext#stateDirectory()} and re-apply or
 * clean up (a host rebooted while isolated must come back isolated).
 */
public interface DurableAction extends Action {

  /**
   * Brings the host back in line with this action's persisted state, and logs what it did.
   *
   * @throws Exception when that fails; the agent logs it and starts anyway, so the host stays
   *     manageable and the gateway can send commands that repair it
   */
  void recover(ActionContext context) throws Exception;
}
