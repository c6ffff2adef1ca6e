package io.firebreak.orchestrator.playbook;

/**
 * One problem in a playbook file, located precisely enough to fix it.
 *
 * @param field the path of the offending field, e.g. {@code steps[0].action} ({@code $} for the
 *     whole document)
 */
public record PlaybookError(String file, int line, int column, String field, String message) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + field + ": " + message;
  }
}
