package io.firebreak.agent.action;

import io.firebreak.proto.agent.v1.Outcome;
import java.util.Map;
import java.util.Objects;

/**
 * What an action reports: its outcome, a human-readable detail and small evidence of the effect.
 *
 * @param outcome SUCCEEDED, FAILED or ROLLED_BACK (REJECTED is the verifier's, never an action's)
 * @param detail one line for the responder
 * @param evidence small key/value proof of the effect (rules applied, self-test outcomes...); never
 *     secrets
 */
public record ActionResult(Outcome outcome, String detail, Map<String, String> evidence) {

  public ActionResult {
    Objects.requireNonNull(outcome, "outcome");
    if (outcome != Outcome.OUTCOME_SUCCEEDED
        && outcome != Outcome.OUTCOME_FAILED
        && outcome != Outcome.OUTCOME_ROLLED_BACK) {
      throw new IllegalArgumentException("an action cannot report " + outcome);
    }
    detail = Objects.requireNonNullElse(detail, "");
    evidence = Map.copyOf(evidence);
  }

  /** The effect is in place. */
  public static ActionResult succeeded(String detail, Map<String, String> evidence) {
    return new ActionResult(Outcome.OUTCOME_SUCCEEDED, detail, evidence);
  }

  /** The effect could not be achieved. */
  public static ActionResult failed(String detail, Map<String, String> evidence) {
    return new ActionResult(Outcome.OUTCOME_FAILED, detail, evidence);
  }

  /** The effect was applied, its self-check failed, and it was undone. */
  public static ActionResult rolledBack(String detail, Map<String, String> evidence) {
    return new ActionResult(Outcome.OUTCOME_ROLLED_BACK, detail, evidence);
  }
}
