package io.firebreak.orchestrator.gdap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GraphClientTest {
  static final String CUSTOMER = "aaaaaaaa-0000-0000-0000-000000000001";
  static final String OTHER_CUSTOMER = "bbbbbbbb-0000-0000-0000-000000000002";

  FakeTime time = new FakeTime();
  FakeGraph fake;
  GraphClient graph;

  @BeforeEach
  void start() throws Exception {
    fake = new FakeGraph(time);
    graph = client(fake.configuration());
  }

  @AfterEach
  void stop() throws Exception {
    fake.close();
  }

  GraphClient client(GdapConfiguration config) {
    return GdapModule.create(config, time, time, HttpClient.newHttpClient()).graphClient();
  }

  @Test
  void listRelationships_followsNextLinkAcrossPagesAndFiltersByCustomer() {
    fake.pageSize(2);
    for (int i = 0; i < 5; i++) {
      fake.addRelationship(CUSTOMER, "active", 0);
    }
    fake.addRelationship(OTHER_CUSTOMER, "active", 0);

    List<DelegatedAdminRelationship> found = graph.listRelationships(CUSTOMER);

    assertThat(found).hasSize(5).allSatisfy(relationship -> {
      assertThat(relationship.customerTenantId()).isEqualTo(CUSTOMER);
      assertThat(relationship.status()).isEqualTo(RelationshipStatus.ACTIVE);
      assertThat(relationship.etag()).startsWith("W/\"");
    });
    assertThat(fake.requests("GET", ".*/delegatedAdminRelationships")).hasSize(3)
        .allSatisfy(request -> assertThat(request.query()).contains("$filter=customer/tenantId eq '" + CUSTOMER + "'"));
  }

  @Test
  void listRelationships_refusesATenantIdThatWouldChangeTheFilter() {
    assertThatThrownBy(() -> graph.listRelationships("x' or customer/tenantId ne '"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a tenant id");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void unknownEnumMember_parsesAsUnknownAndKeepsTheRawString() {
    fake.addRelationship(CUSTOMER, "suspendedForReview", 0);
    fake.addRelationship(CUSTOMER, "unknownFutureValue", 0);

    List<DelegatedAdminRelationship> found = graph.listRelationships(CUSTOMER);

    assertThat(found).extracting(DelegatedAdminRelationship::status)
        .containsOnly(RelationshipStatus.UNKNOWN);
    assertThat(found).extracting(DelegatedAdminRelationship::rawStatus)
        .containsExactlyInAnyOrder("suspendedForReview", "unknownFutureValue");
    assertThat(fake.requests()).filteredOn(r -> r.path().contains("delegatedAdmin"))
        .allSatisfy(r -> assertThat(r.header("Prefer")).isEqualTo("include-unknown-enum-members"));
  }

  @Test
  void deleteAccessAssignment_rereadsTheEtagAfter412AndRetries() {
    String relationship = fake.addRelationship(CUSTOMER, "active", 1);
    AccessAssignment assignment = graph.listAccessAssignments(relationship).get(0);
    fake.modifyBeforeNext("DELETE", ".*/accessAssignments/.*");

    boolean deleted = graph.deleteAccessAssignment(relationship, assignment);

    assertThat(deleted).isTrue();
    List<FakeGraph.Seen> deletes = fake.requests("DELETE", ".*/accessAssignments/.*");
    assertThat(deletes).hasSize(2);
    assertThat(deletes.get(0).header("If-Match")).isEqualTo(assignment.etag());
    assertThat(deletes.get(1).header("If-Match")).isNotEqualTo(assignment.etag()).startsWith("W/\"");
    assertThat(fake.requests("GET", ".*/accessAssignments/" + assignment.id())).hasSize(1);
    assertThat(fake.assignmentStatuses(relationship)).containsEntry(assignment.id(), "deleting");
  }

  @Test
  void deleteAccessAssignment_alreadyDeletingIsNotDeletedAgain() {
    String relationship = fake.addRelationship(CUSTOMER, "active", 1);
    AccessAssignment assignment = graph.listAccessAssignments(relationship).get(0);
    assertThat(graph.deleteAccessAssignment(relationship, assignment)).isTrue();

    AccessAssignment reread = graph.listAccessAssignments(relationship).get(0);

    assertThat(graph.deleteAccessAssignment(relationship, reread)).isFalse();
    assertThat(fake.requests("DELETE", ".*")).hasSize(1);
  }

  @Test
  void deleteRelationship_inActiveStatusIsRefusedWithGraphsError() {
    String id = fake.addRelationship(CUSTOMER, "active", 0);
    DelegatedAdminRelationship relationship = graph.getRelationship(id).orElseThrow();

    assertThatThrownBy(() -> graph.deleteRelationship(relationship))
        .isInstanceOfSatisfying(GdapException.class, e -> {
          assertThat(e.kind()).isEqualTo(GdapException.Kind.GRAPH_ERROR);
          assertThat(e.httpStatus()).isEqualTo(400);
          assertThat(e.getMessage()).contains("HTTP 400 (BadRequest: A relationship can only be deleted if it's in"
              + " the 'created' status");
        });
    assertThat(fake.exists(id)).isTrue();
  }

  @Test
  void token_isCachedAcrossCallsAndRenewedShortlyBeforeExpiry() {
    fake.tokenLifetime(Duration.ofMinutes(10));
    String id = fake.addRelationship(CUSTOMER, "active", 0);
    for (int i = 0; i < 20; i++) {
      graph.getRelationship(id);
    }
    assertThat(fake.tokensIssued()).isEqualTo(1);

    time.advance(Duration.ofMinutes(8).plusSeconds(59)); // 61 s before expiry: still cached
    graph.getRelationship(id);
    assertThat(fake.tokensIssued()).isEqualTo(1);

    time.advance(Duration.ofSeconds(2)); // inside the 60 s margin: renewed before Graph would refuse it
    graph.getRelationship(id);
    assertThat(fake.tokensIssued()).isEqualTo(2);
    assertThat(fake.requests())
        .noneMatch(r -> r.path().contains("delegatedAdmin") && r.header("Authorization") == null);
  }

  @Test
  void graph401_invalidatesTheCachedTokenOnceAndRetries() {
    String id = fake.addRelationship(CUSTOMER, "active", 0);
    graph.getRelationship(id);
    fake.invalidateTokens();

    assertThat(graph.getRelationship(id)).isPresent();

    assertThat(fake.tokensIssued()).isEqualTo(2);
    assertThat(time.sleeps()).isEmpty();
  }

  @Test
  void graph401_withAFreshTokenTooIsNotAuthorizedAndSaysSo() {
    String id = fake.addRelationship(CUSTOMER, "active", 0);
    fake.failNext("GET", ".*/delegatedAdminRelationships/.*", 401, null, 2);

    assertThatThrownBy(() -> graph.getRelationship(id))
        .isInstanceOfSatisfying(GdapException.class, e -> assertThat(e.kind())
            .isEqualTo(GdapException.Kind.NOT_AUTHORIZED))
        .hasMessageContaining("Graph refused a freshly issued access token");
    assertThat(fake.tokensIssued()).isEqualTo(2);
  }

  @Test
  void badClientSecret_clearErrorWithoutTheSecret() {
    GdapConfiguration config = fake.configuration();
    String wrongSecret = "wrong-Secret~value-12345";
    config.setClientSecret(wrongSecret);
    GraphClient wrong = client(config);

    assertThatThrownBy(() -> wrong.listRelationships(CUSTOMER))
        .isInstanceOfSatisfying(GdapException.class, e -> {
          assertThat(e.kind()).isEqualTo(GdapException.Kind.CREDENTIALS_REFUSED);
          assertThat(e.getMessage())
              .startsWith("token endpoint refused client credentials for client " + FakeGraph.CLIENT_ID
                  + ": invalid_client")
              .doesNotContain(wrongSecret).doesNotContain(FakeGraph.CLIENT_SECRET);
        });
    assertThat(fake.requests("GET", ".*delegatedAdmin.*")).isEmpty();
  }
}
