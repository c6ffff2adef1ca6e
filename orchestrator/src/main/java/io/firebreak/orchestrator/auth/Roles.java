package io.firebreak.orchestrator.auth;

import java.util.Set;

/** Role names carried by API tokens. */
public final class Roles {
  /** Users, tokens and policy; everything a responder and approver can do. */
  public static final String ADMIN = "admin";
  /** Launch playbooks, cancel, roll back. */
  public static final String RESPONDER = "responder";
  /** Decide approval requests. */
  public static final String APPROVER = "approver";
  /** Detection systems: may only post alerts. */
  public static final String TRIGGER = "trigger";

  public static final Set<String> ALL = Set.of(ADMIN, RESPONDER, APPROVER, TRIGGER);

  private Roles() {}
}
