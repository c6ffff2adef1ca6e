package io.firebreak.orchestrator.playbook;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The actions playbooks may use: where each runs, and its inverse or that it cannot be undone
 * (the rollback machinery runs inverses; irreversible steps are marked in plans).
 */
public final class ActionCatalog {
  /** Where an action executes. */
  public enum Location { AGENT, ORCHESTRATOR }

  /**
   * @param inverse the action that undoes this one, or null when there is none
   * @param irreversible true when the effect cannot be undone (as opposed to being harmless)
   */
  public record ActionInfo(String name, String inverse, boolean irreversible, Location where, String description) {}

  private static final List<ActionInfo> ACTIONS = List.of(
      new ActionInfo("isolate-host", "release-host", false, Location.AGENT,
          "cut the host off the network except for its management channel"),
      new ActionInfo("release-host", "isolate-host", false, Location.AGENT, "undo isolate-host"),
      new ActionInfo("collect-evidence", null, false, Location.AGENT,
          "processes, sockets and file hashes, attached to the incident"),
      new ActionInfo("rotate-credential", null, true, Location.AGENT,
          "replace a local password, SSH keys or a service secret"),
      new ActionInfo("kill-process", null, false, Location.AGENT, "terminate matching processes"),
      new ActionInfo("disable-account", "enable-account", false, Location.AGENT, "lock a local account"),
      new ActionInfo("enable-account", "disable-account", false, Location.AGENT, "unlock a local account"),
      new ActionInfo("revoke-gdap", null, true, Location.ORCHESTRATOR,
          "terminate a partner's delegated admin relationships (Microsoft Graph)"));

  private static final Map<String, ActionInfo> BY_NAME =
      ACTIONS.stream().collect(Collectors.toUnmodifiableMap(ActionInfo::name, Function.identity()));

  private ActionCatalog() {}

  public static Optional<ActionInfo> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  public static List<ActionInfo> all() {
    return ACTIONS;
  }

  public static List<String> names() {
    return ACTIONS.stream().map(ActionInfo::name).toList();
  }
}
