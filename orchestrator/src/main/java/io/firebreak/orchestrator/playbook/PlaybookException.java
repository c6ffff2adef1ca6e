package io.firebreak.orchestrator.playbook;

import java.util.List;
import java.util.stream.Collectors;

/** One or more invalid playbooks; the message lists every error, one per line. */
public final class PlaybookException extends Exception {
  private final List<PlaybookError> errors;

  public PlaybookException(List<PlaybookError> errors) {
    super(errors.stream().map(PlaybookError::toString).collect(Collectors.joining("\n")));
    this.errors = List.copyOf(errors);
  }

  public List<PlaybookError> errors() {
    return errors;
  }
}
