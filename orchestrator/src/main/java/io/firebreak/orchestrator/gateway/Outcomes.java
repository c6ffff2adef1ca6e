package io.firebreak.orchestrator.gateway;

import io.firebreak.proto.agent.v1.Outcome;

/** Maps the agent protocol's outcomes onto the orchestrator's. */
final class Outcomes {
  private Outcomes() {}

  static HostOutcome of(Outcome outcome) {
    return switch (outcome) {
      case OUTCOME_SUCCEEDED -> HostOutcome.SUCCEEDED;
      case OUTCOME_REJECTED -> HostOutcome.REJECTED;
      case OUTCOME_ROLLED_BACK -> HostOutcome.ROLLED_BACK;
      default -> HostOutcome.FAILED;
    };
  }
}
