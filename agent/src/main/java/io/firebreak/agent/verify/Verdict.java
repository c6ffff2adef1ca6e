package io.firebreak.agent.verify;

import io.firebreak.proto.agent.v1.Command;
import java.util.Objects;

/**
 * The outcome of verifying one envelope: either the authenticated {@link Command}, or the reason it
 * was refused.
 *
 * @param command the parsed command; present when accepted, and when rejected if it could be parsed
 *     (so the result can name its command id)
 * @param rejection null when accepted, otherwise the detail for the result, "rejected: ..."
 */
public record Verdict(Command command, String rejection) {

  /** An accepted command. */
  public static Verdict accept(Command command) {
    return new Verdict(Objects.requireNonNull(command), null);
  }

  /** A refused command; {@code command} may be null if the envelope did not parse. */
  public static Verdict reject(Command command, String reason) {
    return new Verdict(command, "rejected: " + reason);
  }

  /** True when the command passed every check. */
  public boolean accepted() {
    return rejection == null;
  }

  /** The command id, or "" if the envelope could not be parsed. */
  public String commandId() {
    return command == null ? "" : command.getCommandId();
  }
}
