package io.firebreak.orchestrator.playbook;

import java.util.Map;

/** Placeholder signature; the playbook work replaces this class. */
public final class LabelSelector {
  private LabelSelector() {}

  public static LabelSelector parse(String text) {
    throw new UnsupportedOperationException("not yet");
  }

  public boolean matches(Map<String, String> labels) {
    throw new UnsupportedOperationException("not yet");
  }
}
