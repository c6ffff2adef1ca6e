package io.firebreak.cli.watch;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One step's per-host counts from the incident view. {@code done} for people is
 * {@code succeeded}; {@code failed} here includes rejected and rolled-back hosts.
 */
record StepCounts(String name, String action, String state, int total, int succeeded, int failed,
    int unreachable, int skipped, int pending) {

  static StepCounts of(JsonNode step) {
    return new StepCounts(step.path("name").asText(), step.path("action").asText(), step.path("state").asText(),
        step.path("total").asInt(), step.path("succeeded").asInt(),
        step.path("failed").asInt() + step.path("rejected").asInt() + step.path("rolledBack").asInt(),
        step.path("unreachable").asInt(), step.path("skipped").asInt(), step.path("pending").asInt());
  }

  /** Hosts that answered (any outcome). */
  int answered() {
    return Math.max(0, total - pending);
  }

  /** Rollback steps are named after the step they undo: {@code rollback-isolate}. */
  boolean rollback() {
    return name.startsWith("rollback-");
  }

  /** {@code done 4  failed 0  unreachable 0  pending 4} (skipped only when there are any). */
  String counts() {
    return "done " + succeeded + "  failed " + failed + "  unreachable " + unreachable
        + (skipped > 0 ? "  skipped " + skipped : "") + "  pending " + pending;
  }
}
