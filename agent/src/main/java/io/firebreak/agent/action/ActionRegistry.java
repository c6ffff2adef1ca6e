package io.firebreak.agent.action;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The actions one agent executes, by type; its key set is the capability list sent in the Hello.
 * Real and simulated executor sets are both registries, so a real action plugs in by its type.
 * Immutable and thread-safe.
 */
public final class ActionRegistry {
  private final Map<String, Action> byType;

  private ActionRegistry(Map<String, Action> byType) {
    this.byType = byType;
  }

  /**
   * A registry of {@code actions}.
   *
   * @throws IllegalArgumentException if two actions have the same type
   */
  public static ActionRegistry of(Collection<? extends Action> actions) {
    Map<String, Action> byType = new TreeMap<>();
    for (Action action : actions) {
      if (byType.putIfAbsent(action.type(), action) != null) {
        throw new IllegalArgumentException("two actions of type " + action.type());
      }
    }
    return new ActionRegistry(byType);
  }

  /** A registry that executes nothing. */
  public static ActionRegistry empty() {
    return new ActionRegistry(Map.of());
  }

  /** The action of {@code type}, if this agent executes it. */
  public Optional<Action> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  /** Every action, by type order. */
  public List<Action> actions() {
    return List.copyOf(byType.values());
  }

  /** The action types, sorted. */
  public List<String> types() {
    return List.copyOf(byType.keySet());
  }
}
