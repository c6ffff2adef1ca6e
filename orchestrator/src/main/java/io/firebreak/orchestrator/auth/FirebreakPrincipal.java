package io.firebreak.orchestrator.auth;

import java.security.Principal;

/**
 * An authenticated caller: the name of the token's owner and its role.
 *
 * @param role one of {@link Roles}
 */
public record FirebreakPrincipal(String name, String role, String tokenId) implements Principal {
  @Override
  public String getName() {
    return name;
  }
}
