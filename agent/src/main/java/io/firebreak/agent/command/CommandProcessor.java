package io.firebreak.agent.command;

import io.firebreak.agent.action.Action;
import io.firebreak.agent.action.ActionContext;
import io.firebreak.agent.action.ActionRegistry;
import io.firebreak.agent.action.ActionResult;
import io.firebreak.agent.journal.CommandJournal;
import io.firebreak.agent.journal.IntentDigest;
import io.firebreak.agent.verify.CommandVerifier;
import io.firebreak.agent.verify.EpochFence;
import io.firebreak.agent.verify.Verdict;
import io.firebreak.proto.agent.v1.Command;
import io.firebreak.proto.agent.v1.CommandEnvelope;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.JournalEntry;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Lock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one command envelope into exactly one {@link CommandResult}: verify, then (under the
 * command id's lock) answer a journaled command id from the journal, apply the epoch fence, execute
 * the action, journal the result and return it. A command id is executed at most once per journal,
 * also when it arrives on several threads at once. Thread-safe.
 */
public final class CommandProcessor {
  private static final Logger log = LoggerFactory.getLogger(CommandProcessor.class);

  private final CommandVerifier verifier;
  private final ActionRegistry actions;
  private final CommandJournal journal;
  private final EpochFence fence;
  private final ActionContext context;
  private final StripedLocks locks = new StripedLocks(64);

  /** Creates a processor; the fence is restored from {@code journal}'s entries. */
  public CommandProcessor(
      CommandVerifier verifier,
      ActionRegistry actions,
      CommandJournal journal,
      ActionContext context) {
    this.verifier = verifier;
    this.actions = actions;
    this.journal = journal;
    this.context = context;
    this.fence = new EpochFence();
    for (JournalEntry entry : journal.entries()) {
      fence.restore(entry.getIncidentId(), entry.getEpoch());
    }
  }

  /** Verifies, de-duplicates and executes {@code envelope}; never throws for a bad envelope. */
  public CommandResult process(CommandEnvelope envelope) {
    Verdict verdict = verifier.verify(envelope);
    if (!verdict.accepted()) {
      log.info("command {} {}", verdict.commandId(), verdict.rejection());
      return Results.rejected(context.hostId(), verdict.commandId(), verdict.rejection());
    }
    Command command = verdict.command();
    Lock lock = locks.forKey(command.getCommandId());
    lock.lock();
    try {
      return processVerified(command);
    } finally {
      lock.unlock();
    }
  }

  private CommandResult processVerified(Command command) {
    String commandId = command.getCommandId();
    byte[] digest = IntentDigest.of(command);
    Optional<JournalEntry> recorded = journal.find(commandId);
    if (recorded.isPresent()) {
      if (!MessageDigest.isEqual(recorded.get().getIntentDigest().toByteArray(), digest)) {
        log.warn("command {} rejected: id reused with different content", commandId);
        return Results.rejected(
            context.hostId(), commandId, "rejected: command id reused with different content");
      }
      log.info(
          "command {} ({}) already executed; answering from the journal",
          commandId,
          command.getAction());
      return recorded.get().getResult().toBuilder().setDuplicate(true).build();
    }
    Optional<String> superseded = fence.admit(command.getIncidentId(), command.getEpoch());
    if (superseded.isPresent()) {
      log.info("command {} rejected: {}", commandId, superseded.get());
      return Results.rejected(context.hostId(), commandId, "rejected: " + superseded.get());
    }
    CommandResult result = execute(command);
    try {
      journal.append(Results.journalEntry(command, digest, result));
    } catch (IOException e) {
      log.error("command {}: journal write failed; a retry may execute it again", commandId, e);
      return result.toBuilder()
          .setDetail(
              result.getDetail() + " (warning: journal write failed: " + e.getMessage() + ")")
          .build();
    }
    return result;
  }

  private CommandResult execute(Command command) {
    Action action = actions.find(command.getAction()).orElseThrow();
    long startedAt = context.clock().millis();
    ActionResult outcome;
    try {
      outcome = action.execute(command, context);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      outcome = ActionResult.failed("interrupted while executing", Map.of());
    } catch (Exception e) {
      log.warn("command {} ({}) failed", command.getCommandId(), command.getAction(), e);
      outcome = ActionResult.failed("action failed: " + e.getMessage(), Map.of());
    }
    long finishedAt = context.clock().millis();
    log.info(
        "command {} ({}) executed: {}",
        command.getCommandId(),
        command.getAction(),
        outcome.outcome());
    return Results.executed(
        context.hostId(), command.getCommandId(), outcome, startedAt, finishedAt);
  }
}
