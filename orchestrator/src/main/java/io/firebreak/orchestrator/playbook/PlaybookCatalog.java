package io.firebreak.orchestrator.playbook;

import io.firebreak.orchestrator.incident.AlertRef;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The loaded playbooks, by name, and which of them an alert triggers. Immutable. */
public final class PlaybookCatalog {
  private final List<Playbook> playbooks;

  public PlaybookCatalog(List<Playbook> playbooks) {
    this.playbooks = playbooks.stream().sorted(Comparator.comparing(Playbook::name)).toList();
  }

  public Optional<Playbook> get(String name) {
    return playbooks.stream().filter(playbook -> playbook.name().equals(name)).findFirst();
  }

  public List<Playbook> all() {
    return playbooks;
  }

  /** The playbooks with at least one trigger matching {@code alert}, by name. */
  public List<Playbook> matching(AlertRef alert) {
    return playbooks.stream()
        .filter(playbook -> playbook.triggers().stream().anyMatch(trigger -> trigger.matches(alert)))
        .toList();
  }
}
