package io.firebreak.cli.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The watch view built from incident JSON as the server serves it. */
class FrameBuilderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Waves of 1, 4 and 5 hosts for 10 targets. */
  private static final String ROLLOUT = "{\"canary\": \"1\", \"waves\": [\"50%\", \"100%\"], \"waveSize\": 0,"
      + " \"maxConcurrency\": 0, \"pauseMs\": 0, \"perWave\": null, \"overall\": null, \"offlineWaitMs\": 0}";

  @Test
  void runningIncident_showsBarsCountsWaveRateAndEta() throws Exception {
    FrameBuilder builder = new FrameBuilder(JSON.readTree(ROLLOUT));
    Instant start = Instant.parse("2025-01-01T10:00:01Z");

    builder.build(incident("running", step("isolate", 10, 1, 0, 0, 9)), start);
    Frame frame = builder.build(incident("running", step("isolate", 10, 2, 1, 1, 6)), start.plusSeconds(2));

    assertThat(texts(frame)).containsExactly(
        "incident inc-1  playbook p  running  10 hosts",
        "requested by alice: why",
        "  waves  [######--------------]  wave 2 of 3 running (hosts 2-5)",
        "  isolate  isolate-host  [########------------]   4/10  done 2  failed 1  unreachable 1  pending 6");
    assertThat(frame.lines().get(0).live()).isEqualTo("  elapsed 3s");
    assertThat(frame.lines().get(3).live()).isEqualTo("  1.5/s  ETA 4s");
  }

  @Test
  void awaitingApproval_namesWhoCanGrantIt() {
    ObjectNode incident = incident("awaiting_approval", step("isolate", 3, 0, 0, 0, 3)).put("updatedAt", "2025-01-01T10:00:02Z");

    Frame frame = new FrameBuilder(null).build(incident, Instant.now());

    assertThat(texts(frame)).contains(
        "waiting for approval since 2025-01-01T10:00:02Z; an approver or admin other than 'alice' can grant it:",
        "  firebreak approval approve inc-1 --reason TEXT   (or deny)");
  }

  @Test
  void rolledBack_endsWithTheReasonAndTheWavesNotStarted() throws Exception {
    ObjectNode incident = incident("rolled_back", step("isolate", 10, 0, 1, 0, 9), step("rollback-isolate", 0, 0, 0, 0, 0))
        .put("abortReason", "wave 1: 1 of 1 hosts failed or were unreachable, over the per-wave budget of 0");

    Frame frame = new FrameBuilder(JSON.readTree(ROLLOUT)).build(incident, Instant.now());

    assertThat(texts(frame)).contains("  waves  [######--------------]  1 of 3 waves done; the rest were not started");
    assertThat(texts(frame).get(texts(frame).size() - 1)).isEqualTo(
        "rolled back: wave 1: 1 of 1 hosts failed or were unreachable, over the per-wave budget of 0 (took 9.5s)");
    assertThat(frame.lines().get(0).live()).isEmpty();
  }

  private static List<String> texts(Frame frame) {
    return frame.lines().stream().map(Frame.Line::text).toList();
  }

  private static ObjectNode incident(String state, JsonNode... steps) {
    ObjectNode incident = JSON.createObjectNode().put("incidentId", "inc-1").put("playbook", "p").put("state", state)
        .put("targetCount", 10).put("requestedBy", "alice").put("justification", "why")
        .put("createdAt", "2025-01-01T10:00:00Z").put("updatedAt", "2025-01-01T10:00:09.500Z");
    incident.putArray("steps").addAll(List.of(steps));
    return incident;
  }

  private static JsonNode step(String name, int total, int succeeded, int failed, int unreachable, int pending) {
    return JSON.createObjectNode().put("name", name).put("action", name.startsWith("rollback") ? "release-host" : "isolate-host")
        .put("state", pending == 0 ? "done" : "running").put("total", total).put("succeeded", succeeded)
        .put("failed", failed).put("rejected", 0).put("rolledBack", 0).put("unreachable", unreachable)
        .put("skipped", 0).put("pending", pending);
  }
}
