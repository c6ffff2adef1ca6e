package io.firebreak.orchestrator.gdap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The grant check in front of revoke-gdap: the same question the gateway asks before it signs. */
class GrantCheckedGdapActivitiesTest {
  final List<GdapRevocationRequest> delegated = new ArrayList<>();
  final List<String> asked = new ArrayList<>();
  final GdapActivities delegate = request -> {
    delegated.add(request);
    return new GdapRevocationResult(request.incidentId(), request.step(), "partner", "t0", "t1", List.of());
  };

  @Test
  void aGrantAllowingRevokeGdapOnGdap_letsTheRequestThrough() {
    GrantCheckedGdapActivities checked = new GrantCheckedGdapActivities(delegate, (grant, partition, action, back) -> {
      asked.add(grant + " " + partition + " " + action + " " + back);
      return null;
    });

    checked.revokePartnerAccess(new GdapRevocationRequest("inc-1", "revoke", List.of(), null, "grt-1"));

    assertThat(asked).containsExactly("grt-1 gdap revoke-gdap false");
    assertThat(delegated).hasSize(1);
  }

  @Test
  void aRefusedGrant_failsNonRetryablyBeforeAnyGraphCall() {
    GrantCheckedGdapActivities checked = new GrantCheckedGdapActivities(delegate,
        (grant, partition, action, back) -> grant == null ? "the command carries no grant" : "grant revoked");

    assertThatThrownBy(() -> checked.revokePartnerAccess(new GdapRevocationRequest("inc-1", "revoke", List.of())))
        .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo(GdapActivities.NO_GRANT);
          assertThat(failure.isNonRetryable()).isTrue();
          assertThat(failure.getOriginalMessage()).isEqualTo("the command carries no grant; nothing was revoked");
        });
    assertThat(delegated).isEmpty();
  }
}
