package io.firebreak.orchestrator.gdap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake's own contract, with raw HTTP: the Graph rules the client tests rely on really are
 * enforced, so a client that broke them would fail there.
 */
class GraphFakeContractTest {
  static final String CUSTOMER = "aaaaaaaa-0000-0000-0000-000000000001";

  FakeTime time = new FakeTime();
  FakeGraph fake;
  HttpClient http = HttpClient.newHttpClient();
  ObjectMapper json = new ObjectMapper();

  @BeforeEach
  void start() throws Exception {
    fake = new FakeGraph(time);
  }

  @AfterEach
  void stop() throws Exception {
    fake.close();
  }

  HttpResponse<String> token(String secret) throws Exception {
    String form = "grant_type=client_credentials&client_id=" + FakeGraph.CLIENT_ID + "&client_secret="
        + URLEncoder.encode(secret, StandardCharsets.UTF_8) + "&scope="
        + URLEncoder.encode(GdapConfiguration.GRAPH_SCOPE, StandardCharsets.UTF_8);
    return http.send(HttpRequest.newBuilder(fake.tokenUrl()).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  String bearer() throws Exception {
    return "Bearer " + json.readTree(token(FakeGraph.CLIENT_SECRET).body()).path("access_token").asText();
  }

  HttpResponse<String> call(String method, String path, String ifMatch) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.graphBaseUrl()
        + "/tenantRelationships/delegatedAdminRelationships" + path))
        .header("Authorization", bearer()).method(method, HttpRequest.BodyPublishers.noBody());
    if (ifMatch != null) {
      request.header("If-Match", ifMatch);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  JsonNode body(HttpResponse<String> response) throws IOException {
    return json.readTree(response.body());
  }

  @Test
  void tokenEndpoint_refusesAWrongSecretWithInvalidClient() throws Exception {
    HttpResponse<String> response = token("wrong");

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(body(response).path("error").asText()).isEqualTo("invalid_client");
  }

  @Test
  void expiredBearer_is401InvalidAuthenticationToken() throws Exception {
    String bearer = bearer();
    time.advance(Duration.ofHours(2));

    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(fake.graphBaseUrl()
            + "/tenantRelationships/delegatedAdminRelationships")).header("Authorization", bearer).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(body(response).path("error").path("code").asText()).isEqualTo("InvalidAuthenticationToken");
  }

  @Test
  void deleteWithoutIfMatch_is428_andWithAStaleEtag_is412() throws Exception {
    String id = fake.addRelationship(CUSTOMER, "created", 0);
    String etag = body(call("GET", "/" + id, null)).path("@odata.etag").asText();
    fake.modifyBeforeNext("GET", ".*/" + id);
    call("GET", "/" + id, null);

    assertThat(call("DELETE", "/" + id, null).statusCode()).isEqualTo(428);
    assertThat(call("DELETE", "/" + id, etag).statusCode()).isEqualTo(412);
    assertThat(fake.exists(id)).isTrue();
  }

  @Test
  void deleteOfAnActiveRelationship_is400WithAGraphErrorBody() throws Exception {
    String id = fake.addRelationship(CUSTOMER, "active", 0);
    String etag = body(call("GET", "/" + id, null)).path("@odata.etag").asText();

    HttpResponse<String> response = call("DELETE", "/" + id, etag);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(body(response).path("error").path("code").asText()).isEqualTo("BadRequest");
    assertThat(body(response).path("error").path("message").asText()).contains("'created' status");
  }

  @Test
  void etag_changesOnEveryModification_andStatusFollowsTheClock() throws Exception {
    String id = fake.addRelationship(CUSTOMER, "terminationRequested", 0);
    String first = body(call("GET", "/" + id, null)).path("@odata.etag").asText();

    time.advance(Duration.ofSeconds(10));
    JsonNode terminating = body(call("GET", "/" + id, null));
    time.advance(Duration.ofSeconds(20));
    JsonNode terminated = body(call("GET", "/" + id, null));

    assertThat(terminating.path("status").asText()).isEqualTo("terminating");
    assertThat(terminated.path("status").asText()).isEqualTo("terminated");
    assertThat(java.util.Set.of(first, terminating.path("@odata.etag").asText(),
        terminated.path("@odata.etag").asText())).hasSize(3);
  }

  @Test
  void newEnumMember_isUnknownFutureValueUnlessTheClientOptsIn() throws Exception {
    String id = fake.addRelationship(CUSTOMER, "suspendedForReview", 0);

    assertThat(body(call("GET", "/" + id, null)).path("status").asText()).isEqualTo("unknownFutureValue");
  }

  @Test
  void resetConnection_breaksTheExchange() {
    fake.resetConnectionNext("GET", ".*");

    assertThatThrownBy(() -> call("GET", "", null)).isInstanceOf(IOException.class);
  }
}
