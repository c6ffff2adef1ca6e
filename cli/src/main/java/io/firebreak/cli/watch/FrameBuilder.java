package io.firebreak.cli.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.cli.incident.IncidentStates;
import io.firebreak.cli.output.Json;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the watch view of an incident: a header, who asked and why, the approval it waits for and
 * who can grant it, the wave, one progress bar per step (done / failed / unreachable / pending,
 * rate, ETA), and how it ended. Not thread-safe (keeps the rates between frames).
 */
final class FrameBuilder {
  private final StepRates rates = new StepRates();
  private final JsonNode rollout;

  /** {@code rollout}: the playbook's rollout as the server serves it, or null when unknown. */
  FrameBuilder(JsonNode rollout) {
    this.rollout = rollout;
  }

  Frame build(JsonNode incident, Instant now) {
    String id = Json.text(incident, "incidentId", "?");
    String state = Json.text(incident, "state", "?");
    boolean ended = IncidentStates.ended(state);
    List<Frame.Line> lines = new ArrayList<>();
    lines.add(new Frame.Line("header", "incident " + id + "  playbook " + Json.text(incident, "playbook", "?") + "  "
        + state + "  " + incident.path("targetCount").asInt() + " hosts", ended ? "" : "  elapsed " + elapsed(incident, now)));
    lines.add(new Frame.Line("requested", "requested by " + Json.text(incident, "requestedBy", "?")
        + (incident.hasNonNull("justification") ? ": " + incident.get("justification").asText() : ""), ""));
    if (IncidentStates.AWAITING_APPROVAL.equals(state)) {
      lines.add(new Frame.Line("approval", "waiting for approval since " + Json.time(incident, "updatedAt")
          + "; an approver or admin other than '" + Json.text(incident, "requestedBy", "?") + "' can grant it:", ""));
      lines.add(new Frame.Line("approval-how", "  firebreak approval approve " + id + " --reason TEXT   (or deny)", ""));
    }
    List<StepCounts> steps = new ArrayList<>();
    incident.path("steps").forEach(step -> steps.add(StepCounts.of(step)));
    addWave(lines, steps, state, Waves.of(rollout, incident.path("targetCount").asInt()));
    int nameWidth = steps.stream().mapToInt(step -> step.name().length()).max().orElse(0);
    int actionWidth = steps.stream().mapToInt(step -> step.action().length()).max().orElse(0);
    int countWidth = String.valueOf(steps.stream().mapToInt(StepCounts::total).max().orElse(0)).length();
    for (StepCounts step : steps) {
      String progress = String.format("%-" + nameWidth + "s  %-" + actionWidth + "s  %s  %" + countWidth + "d/%-"
          + countWidth + "d  %s", step.name(), step.action(), ProgressBar.of(step.answered(), step.total()),
          step.answered(), step.total(), step.counts());
      String rate = rates.describe(step, now);
      lines.add(new Frame.Line("step:" + step.name(), "  " + progress, rate.isEmpty() ? "" : "  " + rate));
    }
    if (ended) {
      lines.add(new Frame.Line("outcome", outcome(incident, state), ""));
    }
    return new Frame(lines);
  }

  private static void addWave(List<Frame.Line> lines, List<StepCounts> steps, String state, Waves waves) {
    List<StepCounts> forward = steps.stream().filter(step -> !step.rollback()).toList();
    if (waves.count() <= 1 || forward.isEmpty() || !(state.equals("running") || IncidentStates.ended(state))) {
      return;
    }
    int complete = waves.complete(forward.get(forward.size() - 1).answered());
    String where;
    if (complete >= waves.count()) {
      where = "all " + waves.count() + " waves done";
    } else if (IncidentStates.ended(state)) {
      where = complete + " of " + waves.count() + " waves done; the rest were not started";
    } else {
      int[] range = waves.hostRange(complete);
      where = "wave " + (complete + 1) + " of " + waves.count() + " running (hosts " + range[0] + "-" + range[1] + ")";
    }
    lines.add(new Frame.Line("wave", "  waves  " + ProgressBar.of(complete, waves.count()) + "  " + where, ""));
  }

  static String outcome(JsonNode incident, String state) {
    String took = took(incident);
    return switch (state) {
      case "completed" -> "completed: every host succeeded in every step" + took;
      case "completed_with_errors" -> "completed with errors: some hosts failed, were rejected or unreachable" + took;
      case "rolled_back" -> "rolled back: " + Json.text(incident, "abortReason", "stopped, and what was done was undone") + took;
      case "denied" -> "denied by " + Json.text(incident, "decidedBy", "?") + ": "
          + Json.text(incident, "decisionReason", "no reason given") + "; nothing was done";
      case "expired" -> "expired: " + Json.text(incident, "decisionReason", "nobody decided in time; nothing was done");
      case "no_targets" -> "no targets: the targets resolved to no host; nothing was done";
      case "failed" -> "failed: " + Json.text(incident, "error", "see the server log");
      default -> state;
    };
  }

  private static String took(JsonNode incident) {
    Duration duration = between(incident, "createdAt", Json.text(incident, "updatedAt", null));
    return duration == null ? "" : " (took " + seconds(duration) + ")";
  }

  private static String elapsed(JsonNode incident, Instant now) {
    Duration duration = between(incident, "createdAt", now.toString());
    return duration == null ? "?" : StepRates.duration(duration);
  }

  private static Duration between(JsonNode incident, String from, String to) {
    try {
      String start = Json.text(incident, from, null);
      if (start == null || to == null) {
        return null;
      }
      Duration duration = Duration.between(Instant.parse(start), Instant.parse(to));
      return duration.isNegative() ? Duration.ZERO : duration;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static String seconds(Duration duration) {
    return duration.toSeconds() < 60 ? String.format("%.1fs", duration.toMillis() / 1000.0) : StepRates.duration(duration);
  }
}
