package io.firebreak.orchestrator.auth;

import java.security.Principal;
import java.util.Collection;
import java.util.Set;

/**
 * An authenticated caller: a person (by session or by one of their tokens) or a system token.
 *
 * @param roles role names from {@link Roles}
 * @param partitions the partitions the caller may see and act on; {@link #ALL_PARTITIONS} for all
 * @param tier the escalation tier an approver belongs to (1 = first responders)
 * @param tokenId the API token used, or null for a browser session
 * @param sessionId the session's hash, or null for a token
 */
public record FirebreakPrincipal(String name, Set<String> roles, Set<String> partitions, int tier, String tokenId,
    String sessionId) implements Principal {
  public static final String ALL_PARTITIONS = "*";

  public FirebreakPrincipal {
    roles = Set.copyOf(roles);
    partitions = Set.copyOf(partitions);
  }

  /** A token principal with one role and every partition (system tokens, tests). */
  public FirebreakPrincipal(String name, String role, String tokenId) {
    this(name, Set.of(role), Set.of(ALL_PARTITIONS), 1, tokenId, null);
  }

  @Override
  public String getName() {
    return name;
  }

  /** True when the caller has {@code role}; admins have every role. */
  public boolean has(String role) {
    return roles.contains(role) || roles.contains(Roles.ADMIN);
  }

  /** The first role, for display (kept for callers that show one role). */
  public String role() {
    return roles.contains(Roles.ADMIN) ? Roles.ADMIN : roles.iterator().next();
  }

  /** True when the caller sees every partition (an admin, or scope {@link #ALL_PARTITIONS}). */
  public boolean coversEverything() {
    return roles.contains(Roles.ADMIN) || partitions.contains(ALL_PARTITIONS);
  }

  /** True when the caller may see and act on every one of {@code touched}. */
  public boolean covers(Collection<String> touched) {
    return coversEverything() || partitions.containsAll(touched);
  }
}
