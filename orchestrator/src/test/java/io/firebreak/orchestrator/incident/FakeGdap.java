package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gdap.GdapActivities;
import io.firebreak.orchestrator.gdap.GdapRevocationRequest;
import io.firebreak.orchestrator.gdap.GdapRevocationResult;
import io.firebreak.orchestrator.gdap.RelationshipOutcome;
import io.firebreak.orchestrator.gdap.RelationshipOutcome.Outcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * {@link GdapActivities} faked at the interface: per requested customer (or two customers for
 * "all"), one relationship ending with the next outcome of {@link #outcomes}; records every
 * request and what {@link #observer} said at that moment.
 */
class FakeGdap implements GdapActivities {
  static final String PARTNER = "11111111-1111-1111-1111-111111111111";
  static final List<String> ALL_CUSTOMERS =
      List.of("cccccccc-0000-0000-0000-000000000001", "cccccccc-0000-0000-0000-000000000002");

  final List<GdapRevocationRequest> requests = Collections.synchronizedList(new ArrayList<>());
  /** What {@link #observer} returned when each request arrived. */
  final List<Integer> observed = Collections.synchronizedList(new ArrayList<>());
  /** Outcomes handed out in order, the last one repeating. */
  List<Outcome> outcomes = List.of(Outcome.TERMINATED);
  IntSupplier observer = () -> 0;
  /** When set, each call waits for it (at most 20 s) before answering. */
  volatile CountDownLatch release;
  final CountDownLatch called = new CountDownLatch(1);

  @Override
  public GdapRevocationResult revokePartnerAccess(GdapRevocationRequest request) {
    requests.add(request);
    observed.add(observer.getAsInt());
    called.countDown();
    if (release != null) {
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    List<String> customers = request.allCustomers() ? ALL_CUSTOMERS : request.customerTenantIds();
    List<RelationshipOutcome> results = new ArrayList<>();
    for (int i = 0; i < customers.size(); i++) {
      Outcome outcome = outcomes.get(Math.min(i, outcomes.size() - 1));
      boolean failed = outcome == Outcome.FAILED;
      results.add(new RelationshipOutcome(customers.get(i), "rel-" + i, "gdap-" + i, outcome,
          failed ? "Graph refused the termination" : null, "active", failed ? "active" : "terminated",
          failed ? null : "req-" + i, List.of("assignment-" + i), "2026-03-01T09:00:00Z", "2026-03-01T09:00:30Z"));
    }
    return new GdapRevocationResult(request.incidentId(), request.step(), PARTNER, "2026-03-01T09:00:00Z",
        "2026-03-01T09:00:30Z", results);
  }
}
