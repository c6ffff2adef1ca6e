package io.firebreak.cli.watch;

import com.fasterxml.jackson.databind.JsonNode;
import io.firebreak.orchestrator.incident.RolloutSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Which wave an incident is in. The incident view has per-step counts but no wave field, so the
 * waves are worked out the way the server cuts them ({@link RolloutSpec#waveSizes}) from the
 * playbook's rollout as the server serves it now; waves are outermost, so the last step's answered
 * hosts say how many waves are complete. If the playbook changed since the incident started, this
 * may be off; it is shown only when there is more than one wave.
 */
final class Waves {
  private final List<Integer> sizes;

  private Waves(List<Integer> sizes) {
    this.sizes = sizes;
  }

  /** From a playbook's {@code rollout} JSON; none when it is missing or cannot be read. */
  static Waves of(JsonNode rollout, int targetCount) {
    if (rollout == null || !rollout.isObject() || targetCount <= 0) {
      return new Waves(List.of());
    }
    try {
      List<String> waves = new ArrayList<>();
      rollout.path("waves").forEach(wave -> waves.add(wave.asText()));
      RolloutSpec spec = new RolloutSpec(text(rollout, "canary"), waves, rollout.path("waveSize").asInt(),
          rollout.path("maxConcurrency").asInt(), rollout.path("pauseMs").asLong(), text(rollout, "perWave"),
          text(rollout, "overall"), rollout.path("offlineWaitMs").asLong());
      return new Waves(spec.waveSizes(targetCount));
    } catch (IllegalArgumentException e) {
      return new Waves(List.of());
    }
  }

  int count() {
    return sizes.size();
  }

  /** Waves every step has finished, given the last forward step's answered hosts. */
  int complete(int answeredByLastStep) {
    int covered = 0;
    int complete = 0;
    for (int size : sizes) {
      covered += size;
      if (covered > answeredByLastStep) {
        break;
      }
      complete++;
    }
    return complete;
  }

  /** The first and last host number (1-based, in plan order) of wave {@code index} (0-based). */
  int[] hostRange(int index) {
    int first = 1;
    for (int i = 0; i < index; i++) {
      first += sizes.get(i);
    }
    return new int[] {first, first + sizes.get(index) - 1};
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }
}
