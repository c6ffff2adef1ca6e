package io.firebreak.orchestrator.gateway;

/** What became of one command on one host, as the orchestrator reports it. */
public enum HostOutcome {
  /** The agent ran the action and its self-check passed. */
  SUCCEEDED,
  /** The agent ran the action and it failed. */
  FAILED,
  /** The agent refused the command before acting (signature, audience, expiry, replay...). */
  REJECTED,
  /** The action ran, its self-check failed and the agent undid it. */
  ROLLED_BACK,
  /** No result: the host was not connected, disconnected, or did not answer in time. */
  UNREACHABLE,
  /** Not sent, because an earlier step already found the host unreachable. */
  SKIPPED;

  /** True for outcomes that count against the step (everything except success). */
  public boolean isProblem() {
    return this != SUCCEEDED;
  }
}
