package io.firebreak.agent.action;

import io.firebreak.proto.agent.v1.Command;

/**
 * One kind of remediation an agent can perform on its host, e.g. {@code isolate-host}.
 *
 * <p>The agent calls {@link #execute} only for a command that passed verification (signature,
 * audience, expiry, replay, epoch fence) and whose command id is not yet in the journal; its result
 * is journaled and a repeated command id is answered from the journal. An action should still be
 * <b>idempotent on the command id and on its effect</b>: if the agent dies after acting but before
 * journaling, the same command id is executed again, and isolating an isolated host must leave it
 * isolated, not fail or stack rules.
 *
 * <p><b>Thread safety:</b> one instance serves every command of its type on its host and may be
 * called from several threads at once for different command ids (the agent never runs the same
 * command id concurrently). Implementations must be thread-safe.
 */
public interface Action {

  /** The action type this executes, as in {@code Command.action} and the Hello capabilities. */
  String type();

  /**
   * Performs {@code command} on this host and reports what happened.
   *
   * @return SUCCEEDED when the effect is in place and its self-check passed, FAILED when it could
   *     not be achieved, ROLLED_BACK when its self-check failed and it undid itself
   * @throws Exception when the action fails unexpectedly; the agent answers FAILED with the message
   */
  ActionResult execute(Command command, ActionContext context) throws Exception;
}
