package io.firebreak.orchestrator.gdap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.orchestrator.gdap.RelationshipOutcome.Outcome;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The revoke-gdap activity end to end: Temporal's activity test environment, real HTTP to the fake. */
class GdapActivitiesTest {
  static final String CUSTOMER = "aaaaaaaa-0000-0000-0000-000000000001";
  static final String OTHER_CUSTOMER = "bbbbbbbb-0000-0000-0000-000000000002";
  static final Duration POLL = Duration.ofSeconds(5);

  FakeTime time = new FakeTime();
  FakeGraph fake;
  GdapConfiguration config;
  TestActivityEnvironment temporal;
  List<GdapProgress> heartbeats = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    fake = new FakeGraph(time);
    config = fake.configuration();
    temporal = TestActivityEnvironment.newInstance();
    temporal.setActivityHeartbeatListener(GdapProgress.class, heartbeats::add);
  }

  @AfterEach
  void stop() throws Exception {
    temporal.close();
    fake.close();
  }

  GdapActivities activities;

  /** Runs the activity; the module is built from {@link #config} on first use. */
  GdapRevocationResult revoke(String... customers) {
    if (activities == null) {
      useModule(time, ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());
    }
    return activities.revokePartnerAccess(new GdapRevocationRequest("inc-42", "revoke", List.of(customers)));
  }

  void useModule(Sleeper sleeper, ActivityOptions options) {
    GdapModule module = GdapModule.create(config, time, sleeper, HttpClient.newHttpClient());
    temporal.registerActivitiesImplementations(module.activities());
    activities = temporal.newActivityStub(GdapActivities.class, options);
  }

  @Test
  void activeRelationshipsAcrossPages_areTerminatedWithEvidence() {
    fake.pageSize(2);
    List<String> ids = List.of(fake.addRelationship(CUSTOMER, "active", 2), fake.addRelationship(CUSTOMER, "active", 2),
        fake.addRelationship(CUSTOMER, "active", 3));
    String untouched = fake.addRelationship(OTHER_CUSTOMER, "active", 1);

    GdapRevocationResult result = revoke(CUSTOMER);

    assertThat(result.incidentId()).isEqualTo("inc-42");
    assertThat(result.partnerTenantId()).isEqualTo(FakeGraph.PARTNER_TENANT);
    assertThat(result.allSucceeded()).isTrue();
    assertThat(result.outcomes()).extracting(RelationshipOutcome::relationshipId).containsExactlyElementsOf(ids);
    assertThat(result.outcomes()).allSatisfy(outcome -> {
      assertThat(outcome.outcome()).isEqualTo(Outcome.TERMINATED);
      assertThat(outcome.initialStatus()).isEqualTo("active");
      assertThat(outcome.finalStatus()).isEqualTo("terminated");
      assertThat(outcome.terminationRequestId()).isNotBlank();
      assertThat(outcome.startedAt()).isLessThanOrEqualTo(outcome.finishedAt());
    });
    assertThat(result.outcomes()).extracting(outcome -> outcome.deletedAccessAssignmentIds().size())
        .containsExactly(2, 2, 3);
    ids.forEach(id -> assertThat(fake.status(id)).isEqualTo("terminated"));
    assertThat(fake.status(untouched)).isEqualTo("active");
    assertThat(fake.requests("POST", ".*/requests")).hasSize(3);
    assertThat(time.sleeps()).isNotEmpty().allSatisfy(sleep -> assertThat(sleep).isEqualTo(POLL));
  }

  @Test
  void everyDelete_carriesIfMatch() {
    fake.addRelationship(CUSTOMER, "active", 4);
    fake.addRelationship(CUSTOMER, "created", 0);
    fake.modifyBeforeNext("DELETE", ".*/accessAssignments/.*");

    assertThat(revoke(CUSTOMER).allSucceeded()).isTrue();

    List<FakeGraph.Seen> deletes = fake.requests("DELETE", ".*");
    assertThat(deletes).hasSize(6); // 4 assignments + one 412 retry + the created relationship
    assertThat(deletes).allSatisfy(delete -> assertThat(delete.header("If-Match")).startsWith("W/\""));
  }

  @Test
  void alreadyTerminatedTerminatingOrRequested_succeedWithoutANewRequest() {
    fake.addRelationship(CUSTOMER, "terminated", 1);
    fake.addRelationship(CUSTOMER, "terminating", 1);
    fake.addRelationship(CUSTOMER, "terminationRequested", 1);

    GdapRevocationResult result = revoke(CUSTOMER);

    assertThat(result.outcomes()).extracting(RelationshipOutcome::outcome).containsOnly(Outcome.ALREADY_TERMINATED);
    assertThat(result.outcomes()).extracting(RelationshipOutcome::initialStatus)
        .containsExactly("terminated", "terminating", "terminationRequested");
    assertThat(result.outcomes()).extracting(RelationshipOutcome::finalStatus).containsOnly("terminated");
    assertThat(fake.requests("POST", ".*")).filteredOn(r -> !r.path().endsWith("/token")).isEmpty();
    assertThat(fake.requests("DELETE", ".*")).isEmpty();
  }

  @Test
  void runningTwice_sendsNoSecondTerminateRequest() {
    String id = fake.addRelationship(CUSTOMER, "active", 1);
    assertThat(revoke(CUSTOMER).outcomes()).singleElement().extracting(RelationshipOutcome::outcome)
        .isEqualTo(Outcome.TERMINATED);

    GdapRevocationResult again = revoke(CUSTOMER);

    assertThat(again.outcomes()).singleElement().satisfies(outcome -> {
      assertThat(outcome.outcome()).isEqualTo(Outcome.ALREADY_TERMINATED);
      assertThat(outcome.relationshipId()).isEqualTo(id);
    });
    assertThat(fake.requests("POST", ".*/requests")).hasSize(1);
  }

  @Test
  void createdRelationship_isDeletedNotTerminated() {
    String id = fake.addRelationship(CUSTOMER, "created", 0);

    GdapRevocationResult result = revoke(CUSTOMER);

    assertThat(result.outcomes()).singleElement().satisfies(outcome -> {
      assertThat(outcome.outcome()).isEqualTo(Outcome.DELETED);
      assertThat(outcome.finalStatus()).isEqualTo("deleted");
    });
    assertThat(fake.exists(id)).isFalse();
    assertThat(fake.requests("POST", ".*/requests")).isEmpty();
  }

  @Test
  void createdRelationshipChangedConcurrently_isReReadAndDeletedWithTheFreshEtag() {
    String id = fake.addRelationship(CUSTOMER, "created", 0);
    fake.modifyBeforeNext("DELETE", ".*/delegatedAdminRelationships/[^/]+");

    assertThat(revoke(CUSTOMER).outcomes()).singleElement().extracting(RelationshipOutcome::outcome)
        .isEqualTo(Outcome.DELETED);

    assertThat(fake.exists(id)).isFalse();
    List<FakeGraph.Seen> deletes = fake.requests("DELETE", ".*");
    assertThat(deletes).hasSize(2);
    assertThat(deletes.get(1).header("If-Match")).isNotEqualTo(deletes.get(0).header("If-Match"));
  }

  @Test
  void unknownStatus_isReportedClearlyAndLeftUntouched() {
    fake.addRelationship(CUSTOMER, "suspendedForReview", 1);
    String active = fake.addRelationship(CUSTOMER, "active", 0);

    GdapRevocationResult result = revoke(CUSTOMER);

    assertThat(result.outcomes().get(0)).satisfies(outcome -> {
      assertThat(outcome.outcome()).isEqualTo(Outcome.FAILED);
      assertThat(outcome.reason()).contains("'suspendedForReview' is not known").contains("left untouched");
    });
    assertThat(result.outcomes().get(1).relationshipId()).isEqualTo(active);
    assertThat(result.outcomes().get(1).outcome()).isEqualTo(Outcome.TERMINATED);
    assertThat(result.failedCount()).isEqualTo(1);
    assertThat(fake.requests("POST", ".*/requests")).hasSize(1);
  }

  @Test
  void lostReplyToTheTerminateRequest_isRecognisedNotDuplicated() {
    String id = fake.addRelationship(CUSTOMER, "active", 0);
    fake.failAfterProcessingNext("POST", ".*/requests", 504);

    GdapRevocationResult result = revoke(CUSTOMER);

    assertThat(result.outcomes()).singleElement().satisfies(outcome -> {
      assertThat(outcome.outcome()).isEqualTo(Outcome.TERMINATED);
      assertThat(outcome.reason()).contains("already under way");
    });
    assertThat(fake.status(id)).isEqualTo("terminated");
  }

  @Test
  void terminationSlowerThanThePollTimeout_isReportedPending() {
    config.setTerminationTimeout(io.dropwizard.util.Duration.minutes(1));
    fake.terminationTakes(Duration.ofSeconds(10), Duration.ofHours(2));
    fake.addRelationship(CUSTOMER, "active", 0);

    GdapRevocationResult result = revoke(CUSTOMER);

    assertThat(result.outcomes()).singleElement().satisfies(outcome -> {
      assertThat(outcome.outcome()).isEqualTo(Outcome.TERMINATION_PENDING);
      assertThat(outcome.finalStatus()).isEqualTo("terminating");
      assertThat(outcome.reason()).contains("still terminating after 60 s");
      assertThat(outcome.succeeded()).isTrue();
    });
  }

  @Test
  void heartbeats_reportTheStatusWhilePolling() {
    String id = fake.addRelationship(CUSTOMER, "active", 0);
    // Temporal throttles heartbeats to 80% of the heartbeat timeout in real time, so each poll
    // here also waits a little longer than that for real.
    Sleeper slowPolls = duration -> {
      time.sleep(duration);
      Thread.sleep(120);
    };
    useModule(slowPolls, ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1))
        .setHeartbeatTimeout(Duration.ofMillis(100)).build());

    revoke(CUSTOMER);

    assertThat(heartbeats).isNotEmpty().allSatisfy(beat -> {
      assertThat(beat.relationshipId()).isEqualTo(id);
      assertThat(beat.customerTenantId()).isEqualTo(CUSTOMER);
      assertThat(beat.relationshipsTotal()).isEqualTo(1);
    });
    assertThat(heartbeats).extracting(GdapProgress::status)
        .contains("active", "terminationRequested", "terminating");
  }

  @Test
  void noCustomerNamed_meansEveryCustomerOfThePartner() {
    fake.addRelationship(OTHER_CUSTOMER, "active", 1);
    fake.addRelationship(CUSTOMER, "active", 1);

    GdapRevocationResult result = revoke();

    assertThat(result.outcomes()).extracting(RelationshipOutcome::customerTenantId)
        .containsExactly(CUSTOMER, OTHER_CUSTOMER);
    assertThat(result.outcomes()).extracting(RelationshipOutcome::outcome).containsOnly(Outcome.TERMINATED);
    assertThat(fake.requests("GET", ".*/delegatedAdminRelationships"))
        .allSatisfy(request -> assertThat(request.query()).doesNotContain("$filter"));
  }

  @Test
  void customerWithoutRelationship_isReportedAsSuch() {
    GdapRevocationResult result = revoke(CUSTOMER);

    assertThat(result.outcomes()).singleElement().satisfies(outcome -> {
      assertThat(outcome.outcome()).isEqualTo(Outcome.NO_RELATIONSHIP);
      assertThat(outcome.customerTenantId()).isEqualTo(CUSTOMER);
    });
  }

  @Test
  void graphFailingForOneCustomer_isThatCustomersFailureOnly() {
    config.setMaxAttempts(2);
    fake.addRelationship(OTHER_CUSTOMER, "active", 0);
    fake.failNext("GET", ".*/delegatedAdminRelationships", 503, null, 2);

    GdapRevocationResult result = revoke(CUSTOMER, OTHER_CUSTOMER);

    assertThat(result.outcomes()).extracting(RelationshipOutcome::customerTenantId, RelationshipOutcome::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(CUSTOMER, Outcome.FAILED),
            org.assertj.core.groups.Tuple.tuple(OTHER_CUSTOMER, Outcome.TERMINATED));
    assertThat(result.outcomes().get(0).reason()).contains("could not list").contains("failed 2 times");
  }

  @Test
  void badClientSecret_failsNonRetryablyWithoutTheSecret() {
    config.setClientSecret("not-the-Right~secret");
    fake.addRelationship(CUSTOMER, "active", 0);

    assertThatThrownBy(() -> revoke(CUSTOMER))
        .isInstanceOf(ActivityFailure.class)
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo(GdapActivities.CREDENTIALS_REFUSED);
          assertThat(failure.isNonRetryable()).isTrue();
          assertThat(failure.getOriginalMessage())
              .startsWith("token endpoint refused client credentials for client " + FakeGraph.CLIENT_ID
                  + ": invalid_client")
              .doesNotContain("not-the-Right~secret");
        });
  }

  @Test
  void malformedCustomerId_failsNonRetryably() {
    assertThatThrownBy(() -> revoke("not a tenant"))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, failure ->
            assertThat(failure.getType()).isEqualTo(GdapActivities.INVALID_REQUEST));
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void anIncidentAboutAnotherPartner_isRefusedBeforeAnyCall_theConfiguredOneInAnyCaseProceeds() {
    String relationship = fake.addRelationship(CUSTOMER, "active", 1);
    useModule(time, ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());
    String other = "99999999-9999-9999-9999-999999999999";

    assertThatThrownBy(() -> activities.revokePartnerAccess(
        new GdapRevocationRequest("inc-42", "revoke", List.of(CUSTOMER), other)))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
          assertThat(failure.getType()).isEqualTo(GdapActivities.INVALID_REQUEST);
          assertThat(failure.isNonRetryable()).isTrue();
          assertThat(failure.getOriginalMessage()).isEqualTo("the incident is about partner " + other
              + " but gdap.tenantId is " + FakeGraph.PARTNER_TENANT
              + ": this orchestrator holds another partner's credentials; nothing was revoked");
        });
    assertThat(fake.requests()).isEmpty();

    GdapRevocationResult result = activities.revokePartnerAccess(new GdapRevocationRequest("inc-42", "revoke",
        List.of(CUSTOMER), FakeGraph.PARTNER_TENANT.toUpperCase(java.util.Locale.ROOT)));
    assertThat(result.allSucceeded()).isTrue();
    assertThat(fake.status(relationship)).isEqualTo("terminated");
  }

  @Test
  void aPartnerConfiguredByDomainName_cannotBeCheckedAgainstTheIncidentsAndIsRefused() {
    config.setTenantId("contoso.onmicrosoft.com");
    useModule(time, ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

    assertThatThrownBy(() -> activities.revokePartnerAccess(
        new GdapRevocationRequest("inc-42", "revoke", List.of(), FakeGraph.PARTNER_TENANT)))
        .cause().isInstanceOfSatisfying(ApplicationFailure.class, failure -> assertThat(failure.getOriginalMessage())
            .contains("gdap.tenantId is 'contoso.onmicrosoft.com', not a tenant id"));
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void resultAndHeartbeats_containNoSecretOrToken_andSurviveTemporalsConverter() throws Exception {
    fake.addRelationship(CUSTOMER, "active", 1);

    GdapRevocationResult result = revoke(CUSTOMER);

    byte[] payload = DefaultDataConverter.STANDARD_INSTANCE.toPayload(result).orElseThrow().getData().toByteArray();
    String json = new String(payload, StandardCharsets.UTF_8) + new ObjectMapper().writeValueAsString(heartbeats);
    assertThat(json).doesNotContain(FakeGraph.CLIENT_SECRET).doesNotContain("fake-token-").contains("inc-42");
    GdapRevocationResult roundTrip = DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
        DefaultDataConverter.STANDARD_INSTANCE.toPayload(result).orElseThrow(), GdapRevocationResult.class,
        GdapRevocationResult.class);
    assertThat(roundTrip).isEqualTo(result);
  }
}
