package io.firebreak.bench;

import io.firebreak.orchestrator.gateway.AgentSession;
import io.firebreak.orchestrator.gateway.DispatchActivitiesImpl;
import io.firebreak.orchestrator.gateway.GatewayModule;
import io.firebreak.proto.agent.v1.Command;
import io.firebreak.proto.agent.v1.CommandEnvelope;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: the same signed commands (signed together in chunks, as the dispatch activity signs
 * hosts that are connected) sent over the same agent streams through the gateway's sessions, and every answer awaited — no Temporal, no database, no playbook.
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
    List<AgentSession> sessions = new ArrayList<>(DispatchActivitiesImpl.SIGNED_TOGETHER);
    List<Command> commands = new ArrayList<>(DispatchActivitiesImpl.SIGNED_TOGETHER);
    for (int i = 1; i <= hosts; i++) {
      String hostId = String.format("h-%04d", i);
      AgentSession session = gateway.sessions().get(hostId);
      if (session == null) {
        throw new IllegalStateException(hostId + " is not connected");
      }
      sessions.add(session);
      commands.add(gateway.signer().command(incidentId, "isolate", hostId, partition, "isolate-host", Map.of(), 1, ""));
      if (commands.size() == DispatchActivitiesImpl.SIGNED_TOGETHER || i == hosts) {
        // Signed together as the dispatch activity signs connected hosts (one signature per chunk).
        List<CommandEnvelope> envelopes = gateway.signer().signBatch(commands);
        for (int j = 0; j < envelopes.size(); j++) {
          answers.add(sessions.get(j).send(commands.get(j).getCommandId(), envelopes.get(j)));
        }
        sessions.clear();
        commands.clear();
      }
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
