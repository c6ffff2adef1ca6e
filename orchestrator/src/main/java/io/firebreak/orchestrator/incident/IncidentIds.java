package io.firebreak.orchestrator.incident;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Incident ids are derived from the workflow execution (workflow id and run id), so the REST layer
 * that started the workflow and the workflow itself compute the same id without talking. The
 * incident workflow therefore never continues-as-new (its run id is its identity); large fan-outs
 * continue-as-new in child workflows instead.
 */
public final class IncidentIds {
  private IncidentIds() {}

  public static String of(String workflowId, String runId) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest((workflowId + "/" + runId).getBytes(StandardCharsets.UTF_8));
      return "inc-" + HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The stable id of one command: the same across activity retries and agent reconnects. */
  public static String commandId(String incidentId, String step, String hostId, long epoch) {
    return incidentId + "/" + step + "/" + hostId + "/" + epoch;
  }
}
