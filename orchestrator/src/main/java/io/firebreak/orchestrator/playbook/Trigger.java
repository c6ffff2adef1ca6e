package io.firebreak.orchestrator.playbook;

import io.firebreak.orchestrator.incident.AlertRef;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * Which alerts start a playbook: an alert type, a severity (a list, or a minimum), and optionally
 * a glob on the alert's source ({@code edr-*}). All given conditions must hold.
 */
public record Trigger(String type, List<String> severities, String minSeverity, String source) {
  /** Severities in increasing order. */
  public static final List<String> SEVERITY_ORDER = List.of("low", "medium", "high", "critical");

  public Trigger {
    severities = severities == null ? List.of() : List.copyOf(severities);
  }

  public boolean matches(AlertRef alert) {
    if (!type.equals(alert.type())) {
      return false;
    }
    if (!severities.isEmpty() && !severities.contains(alert.severity())) {
      return false;
    }
    if (minSeverity != null
        && SEVERITY_ORDER.indexOf(alert.severity()) < SEVERITY_ORDER.indexOf(minSeverity)) {
      return false;
    }
    if (source != null) {
      PathMatcher glob = FileSystems.getDefault().getPathMatcher("glob:" + source);
      return alert.source() != null && glob.matches(Path.of(alert.source()));
    }
    return true;
  }
}
