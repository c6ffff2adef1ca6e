package io.firebreak.agent.command;

import com.google.protobuf.ByteString;
import io.firebreak.agent.action.ActionResult;
import io.firebreak.proto.agent.v1.Command;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.JournalEntry;
import io.firebreak.proto.agent.v1.Outcome;

/** Builders for the result messages an agent sends and journals. Stateless. */
final class Results {
  private Results() {}

  static CommandResult rejected(String hostId, String commandId, String detail) {
    return CommandResult.newBuilder()
        .setHostId(hostId)
        .setCommandId(commandId)
        .setOutcome(Outcome.OUTCOME_REJECTED)
        .setDetail(detail)
        .build();
  }

  static CommandResult executed(
      String hostId, String commandId, ActionResult result, long startedAtMs, long finishedAtMs) {
    return CommandResult.newBuilder()
        .setHostId(hostId)
        .setCommandId(commandId)
        .setOutcome(result.outcome())
        .setDetail(result.detail())
        .putAllEvidence(result.evidence())
        .setStartedAtMs(startedAtMs)
        .setFinishedAtMs(finishedAtMs)
        .build();
  }

  static JournalEntry journalEntry(Command command, byte[] digest, CommandResult result) {
    return JournalEntry.newBuilder()
        .setCommandId(command.getCommandId())
        .setIntentDigest(ByteString.copyFrom(digest))
        .setResult(result)
        .setIncidentId(command.getIncidentId())
        .setEpoch(command.getEpoch())
        .build();
  }
}
