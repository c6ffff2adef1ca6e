package io.firebreak.orchestrator.gdap;

import io.firebreak.orchestrator.gdap.GdapException.Kind;
import io.firebreak.orchestrator.gdap.RelationshipOutcome.Outcome;
import io.firebreak.orchestrator.gdap.internal.RelationshipRevoker;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@link GdapActivities} on Microsoft Graph. Build it with {@link GdapModule}. Thread-safe: one
 * instance serves concurrent activity executions.
 */
public final class GdapActivitiesImpl implements GdapActivities {
  private final GraphClient graph;
  private final RelationshipRevoker revoker;
  private final String partnerTenantId;
  private final Clock clock;

  GdapActivitiesImpl(GraphClient graph, RelationshipRevoker revoker, String partnerTenantId, Clock clock) {
    this.graph = graph;
    this.revoker = revoker;
    this.partnerTenantId = partnerTenantId;
    this.clock = clock;
  }

  @Override
  public GdapRevocationResult revokePartnerAccess(GdapRevocationRequest request) {
    String startedAt = clock.instant().toString();
    try {
      for (String customer : request.customerTenantIds()) {
        GraphClient.requireTenantId(customer);
      }
    } catch (IllegalArgumentException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), INVALID_REQUEST);
    }
    requireExpectedPartner(request.expectedPartnerTenantId());
    try {
      List<RelationshipOutcome> outcomes = new ArrayList<>();
      Map<String, List<DelegatedAdminRelationship>> byCustomer = relationships(request, outcomes);
      int total = byCustomer.values().stream().mapToInt(List::size).sum();
      int done = 0;
      for (Map.Entry<String, List<DelegatedAdminRelationship>> customer : byCustomer.entrySet()) {
        if (customer.getValue().isEmpty()) {
          outcomes.add(new RelationshipOutcome(customer.getKey(), null, null, Outcome.NO_RELATIONSHIP,
              "the partner has no delegated admin relationship with this customer", null, null, null, List.of(),
              clock.instant().toString(), clock.instant().toString()));
          continue;
        }
        for (DelegatedAdminRelationship relationship : customer.getValue()) {
          heartbeat(relationship, done, total);
          int doneSoFar = done;
          Consumer<DelegatedAdminRelationship> progress = current -> heartbeat(current, doneSoFar, total);
          outcomes.add(revoker.revoke(relationship, progress));
          done++;
        }
      }
      return new GdapRevocationResult(request.incidentId(), request.step(), partnerTenantId, startedAt,
          clock.instant().toString(), outcomes);
    } catch (GdapException e) {
      throw switch (e.kind()) {
        case CREDENTIALS_REFUSED -> ApplicationFailure.newNonRetryableFailure(e.getMessage(), CREDENTIALS_REFUSED);
        case NOT_AUTHORIZED -> ApplicationFailure.newNonRetryableFailure(e.getMessage(), NOT_AUTHORIZED);
        default -> e.kind().isTransient() || e.kind() == Kind.INTERRUPTED
            ? ApplicationFailure.newFailure(e.getMessage(), GRAPH_UNAVAILABLE)
            : ApplicationFailure.newNonRetryableFailure(e.getMessage(), GRAPH_REFUSED);
      };
    }
  }

  /**
   * Refuses to act for a partner other than the configured one: ending the wrong partner's access
   * to its customers cannot be undone. A configured domain name cannot be compared with a tenant
   * id, so it is refused too.
   */
  private void requireExpectedPartner(String expected) {
    if (expected == null || expected.equalsIgnoreCase(partnerTenantId)) {
      return;
    }
    String why = TenantIds.isTenantId(partnerTenantId)
        ? "the incident is about partner " + expected + " but gdap.tenantId is " + partnerTenantId
            + ": this orchestrator holds another partner's credentials"
        : "the incident is about partner " + expected + " but gdap.tenantId is '" + partnerTenantId
            + "', not a tenant id: set gdap.tenantId to the partner's tenant id (GUID) so it can be checked";
    throw ApplicationFailure.newNonRetryableFailure(why + "; nothing was revoked", INVALID_REQUEST);
  }

  /**
   * The relationships to end, grouped by customer in request order (all customers: sorted by
   * tenant id). A named customer whose listing fails gets a FAILED outcome right away.
   */
  private Map<String, List<DelegatedAdminRelationship>> relationships(GdapRevocationRequest request,
      List<RelationshipOutcome> failures) {
    Map<String, List<DelegatedAdminRelationship>> byCustomer = new LinkedHashMap<>();
    if (request.allCustomers()) {
      graph.listRelationships(null).stream()
          .sorted(Comparator.comparing(DelegatedAdminRelationship::customerTenantId,
              Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(DelegatedAdminRelationship::id))
          .forEach(relationship -> byCustomer
              .computeIfAbsent(relationship.customerTenantId(), key -> new ArrayList<>()).add(relationship));
      return byCustomer;
    }
    for (String customer : request.customerTenantIds()) {
      if (byCustomer.containsKey(customer)) {
        continue;
      }
      try {
        byCustomer.put(customer, graph.listRelationships(customer));
      } catch (GdapException e) {
        if (e.kind() == Kind.CREDENTIALS_REFUSED || e.kind() == Kind.NOT_AUTHORIZED || e.kind() == Kind.INTERRUPTED) {
          throw e;
        }
        String now = clock.instant().toString();
        failures.add(new RelationshipOutcome(customer, null, null, Outcome.FAILED,
            "could not list the customer's relationships: " + e.getMessage(), null, null, null, List.of(), now, now));
      }
    }
    return byCustomer;
  }

  private void heartbeat(DelegatedAdminRelationship relationship, int done, int total) {
    Activity.getExecutionContext().heartbeat(new GdapProgress(relationship.customerTenantId(), relationship.id(),
        relationship.rawStatus(), done, total, clock.instant().toString()));
  }
}
