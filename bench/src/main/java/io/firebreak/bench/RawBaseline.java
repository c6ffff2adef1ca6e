package io.firebreak.bench;

import io.firebreak.orchestrator.gateway.AgentSession;
import io.firebreak.orchestrator.gateway.GatewayModule;
import io.firebreak.orchestrator.incident.IncidentIds;
import io.firebreak.proto.agent.v1.CommandEnvelope;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: the same signed commands sent over the same agent streams through the gateway's
 * sessions, and every answer awaited — no Temporal, no database, no playbook.
 */
final class RawBaseline {
  private final GatewayModule gateway;
  private final String partition;
  private final int hosts;

  RawBaseline(GatewayModule gateway, String partition, int hosts) {
    this.gateway = gateway;
    this.partition = partition;
    this.hosts = hosts;
  }

  /** Seconds from the first signature to the last answer. */
  double run(String incidentId) throws Exception {
    long started = System.nanoTime();
    List<CompletableFuture<CommandResult>> answers = new ArrayList<>(hosts);
    for (int i = 1; i <= hosts; i++) {
      String hostId = String.format("h-%04d", i);
      AgentSession session = gateway.sessions().get(hostId);
      if (session == null) {
        throw new IllegalStateException(hostId + " is not connected");
      }
      CommandEnvelope envelope = gateway.signer().sign(incidentId, "isolate", hostId, partition, "isolate-host",
          Map.of(), 1, "");
      answers.add(session.send(IncidentIds.commandId(incidentId, "isolate", hostId, 1), envelope));
    }
    CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - started) / 1e9;
    for (CompletableFuture<CommandResult> answer : answers) {
      if (answer.get().getOutcome() != Outcome.OUTCOME_SUCCEEDED) {
        throw new IllegalStateException("raw command failed: " + answer.get());
      }
    }
    return seconds;
  }
}
