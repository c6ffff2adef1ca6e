package io.firebreak.cli.incident;

import io.firebreak.cli.ExitCodes;
import java.util.Set;

/**
 * What the CLI makes of an incident's state (the server's lower-case wire names): whether it has
 * ended and the exit code it stands for. A state this CLI does not know is taken as still going,
 * so a newer server's intermediate state never ends a watch early.
 */
public final class IncidentStates {
  public static final String AWAITING_APPROVAL = "awaiting_approval";
  public static final String COMPLETED = "completed";

  private static final Set<String> ENDED = Set.of(
      COMPLETED, "completed_with_errors", "rolled_back", "denied", "no_targets", "expired", "failed");

  private IncidentStates() {}

  public static boolean ended(String state) {
    return ENDED.contains(state);
  }

  /**
   * 0 for completed (and for states still going), 3 while waiting for approval, 1 for every other
   * end: completed with errors, rolled back, denied, expired, failed, no targets.
   */
  public static int exitCode(String state) {
    if (AWAITING_APPROVAL.equals(state)) {
      return ExitCodes.AWAITING_APPROVAL;
    }
    return ended(state) && !COMPLETED.equals(state) ? ExitCodes.FAILED : ExitCodes.OK;
  }
}
