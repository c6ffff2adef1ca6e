package io.firebreak.orchestrator.audit;

import io.firebreak.orchestrator.access.GrantDao;
import io.firebreak.orchestrator.auth.AccessResource;
import io.firebreak.orchestrator.auth.FirebreakAuthFilter;
import io.firebreak.orchestrator.auth.FirebreakPrincipal;
import io.firebreak.orchestrator.incident.ApprovalResource;
import io.firebreak.orchestrator.incident.GrantResource;
import io.firebreak.orchestrator.policy.Policy;
import java.util.List;
import java.util.Map;

/**
 * Records who did what at the API's edges: logins, token use, users and tokens, refused access,
 * revoked grants, the policy in force. A failed append fails the request (nothing unaudited
 * happens). Thread-safe.
 */
public final class AccessAudit implements FirebreakAuthFilter.AccessEvents, AccessResource.LoginEvents,
    ApprovalResource.Denials, GrantResource.Revocations {
  private final AuditLog log;

  public AccessAudit(AuditLog log) {
    this.log = log;
  }

  @Override
  public void tokenUsed(FirebreakPrincipal principal, String method, String path) {
    log.append(AuditEvent.of(principal.name(), AuditActions.TOKEN_USED, principal.tokenId())
        .withDetail("request", method + " " + path));
  }

  @Override
  public void refused(String who, String method, String path, String why) {
    log.append(AuditEvent.of(who, AuditActions.ACCESS_DENIED, method + " " + path).withDetail("why", why));
  }

  @Override
  public void event(String action, String actor, String subject, Map<String, Object> details) {
    log.append(AuditEvent.of(actor, action, subject).withDetails(details));
  }

  @Override
  public void denied(FirebreakPrincipal caller, String action, String subject, String why) {
    log.append(AuditEvent.of(caller.name(), action.equals("approve") || action.equals("deny")
        ? AuditActions.APPROVAL_REFUSED : AuditActions.ACCESS_DENIED, subject)
        .withDetail("action", action).withDetail("why", why));
  }

  @Override
  public void revoked(FirebreakPrincipal caller, GrantDao.Grant grant, String reason) {
    log.append(AuditEvent.of(caller.name(), AuditActions.GRANT_REVOKED, grant.incidentId())
        .withDetail("grantId", grant.grantId()).withDetail("reason", reason)
        .withDetail("partitions", List.copyOf(grant.partitions())));
  }

  public void policyLoaded(Policy policy) {
    log.append(AuditEvent.of("system", AuditActions.POLICY_LOADED, policy.source())
        .withDetail("rules", policy.rules().size()).withDetail("maxAutonomousHosts", policy.maxAutonomousHosts())
        .withDetail("tiers", policy.tiers().size()));
  }
}
