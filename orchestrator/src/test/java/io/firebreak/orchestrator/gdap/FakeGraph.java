package io.firebreak.orchestrator.gdap;

import static io.firebreak.orchestrator.gdap.FakeGraphResponses.checkIfMatch;
import static io.firebreak.orchestrator.gdap.FakeGraphResponses.encode;
import static io.firebreak.orchestrator.gdap.FakeGraphResponses.error;
import static io.firebreak.orchestrator.gdap.FakeGraphResponses.etag;
import static io.firebreak.orchestrator.gdap.FakeGraphResponses.json;
import static io.firebreak.orchestrator.gdap.FakeGraphResponses.notAllowed;
import static io.firebreak.orchestrator.gdap.FakeGraphResponses.notFound;
import static io.firebreak.orchestrator.gdap.FakeGraphResponses.params;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firebreak.orchestrator.gdap.LoopbackHttpServer.Request;
import io.firebreak.orchestrator.gdap.LoopbackHttpServer.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A faithful fake of the Microsoft Graph v1.0 delegated admin relationship endpoints and of the
 * Entra token endpoint, on a real HTTP server at 127.0.0.1 with an ephemeral port.
 *
 * <p>Behaviour, as documented by Microsoft for v1.0:
 * <ul>
 *   <li>Token endpoint {@code POST /{tenant}/oauth2/v2.0/token}: client credentials grant only;
 *       a wrong client id or secret gives 401 {@code invalid_client} with an AADSTS description.
 *       Tokens ({@link FakeTokenEndpoint}) expire after {@link #tokenLifetime}; an expired or unknown bearer gives 401
 *       {@code InvalidAuthenticationToken}.
 *   <li>Relationships: {@code $filter=customer/tenantId eq '...'}, paging by {@code $skiptoken}
 *       with an absolute {@code @odata.nextLink}, {@code @odata.etag} on every item that changes
 *       on every modification.
 *   <li>{@code DELETE} of a relationship or access assignment needs {@code If-Match}: 428 without,
 *       412 when stale. A relationship can be deleted only while {@code created} (else 400).
 *   <li>{@code POST /{id}/requests {"action":"terminate"}} moves a live relationship to {@code
 *       terminationRequested} and returns 201 with a Location header; then, on the fake's clock,
 *       {@code terminating} after {@link #terminationRequestedFor} and {@code terminated} after
 *       {@link #terminatingFor} more; the request goes {@code created → pending → succeeded}. A
 *       relationship already terminating, terminated, created or expired refuses it with 400.
 *       Which pre-active statuses accept {@code terminate} is not documented; the fake accepts
 *       approvalPending, approved, activating, active and expiring.
 *   <li>Evolvable enums: a status outside the documented v1.0 members is sent as {@code
 *       unknownFutureValue} unless the request carries {@code Prefer: include-unknown-enum-members}.
 * </ul>
 *
 * <p>Faults are queued per method and path pattern and consumed in order: {@link #failNext},
 * {@link #resetConnectionNext}, {@link #failAfterProcessingNext}, {@link #modifyBeforeNext}.
 * Every request is recorded for assertions ({@link #requests()}).
 */
final class FakeGraph implements AutoCloseable {
  static final String PARTNER_TENANT = "11111111-1111-1111-1111-111111111111";
  static final String CLIENT_ID = "22222222-2222-2222-2222-222222222222";
  static final String CLIENT_SECRET = "s3cr3t~VALUE.that-must-never-leak";

  private static final String BASE = "/v1.0/tenantRelationships/delegatedAdminRelationships";
  private static final Set<String> DOCUMENTED_STATUSES = Set.of("activating", "active", "approvalPending", "approved",
      "created", "expired", "expiring", "terminated", "terminating", "terminationRequested", "unknownFutureValue");
  private static final Set<String> TERMINABLE =
      Set.of("approvalPending", "approved", "activating", "active", "expiring");
  private static final Pattern FILTER = Pattern.compile("customer/tenantId eq '([^']*)'");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A request as the fake saw it. */
  record Seen(String method, String path, String query, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
  }

  private enum FaultKind { STATUS, RESET, AFTER_PROCESSING, MODIFY }

  private record Fault(String method, Pattern path, FaultKind kind, int status, String retryAfter) {}

  /** One relationship's state; guarded by the fake's lock. */
  static final class Relationship {
    final String id;
    final String customerTenantId;
    final String displayName;
    String status;
    int version = 1;
    Instant terminationRequestedAt;
    final Map<String, Assignment> assignments = new LinkedHashMap<>();
    final Map<String, ObjectNode> requests = new LinkedHashMap<>();

    Relationship(String id, String customerTenantId, String displayName, String status) {
      this.id = id;
      this.customerTenantId = customerTenantId;
      this.displayName = displayName;
      this.status = status;
    }
  }

  /** One access assignment's state; guarded by the fake's lock. */
  static final class Assignment {
    final String id;
    String status = "active";
    int version = 1;

    Assignment(String id) {
      this.id = id;
    }
  }

  private final Clock clock;
  private final FakeTokenEndpoint tokens;
  private final LoopbackHttpServer server;
  private final Map<String, Relationship> relationships = new LinkedHashMap<>();
  private final List<Fault> faults = new ArrayList<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private int pageSize = 100;
  private Duration terminationRequestedFor = Duration.ofSeconds(10);
  private Duration terminatingFor = Duration.ofSeconds(20);

  /** Starts the fake; relationship transitions and token expiry follow {@code clock}. */
  FakeGraph(Clock clock) throws IOException {
    this.clock = clock;
    this.tokens = new FakeTokenEndpoint(clock, CLIENT_ID, CLIENT_SECRET);
    this.server = new LoopbackHttpServer(this::handle);
  }

  /** Graph root to configure, {@code http://127.0.0.1:<port>/v1.0}. */
  URI graphBaseUrl() {
    return URI.create(server.baseUrl() + "/v1.0");
  }

  URI tokenUrl() {
    return URI.create(server.baseUrl() + "/" + PARTNER_TENANT + "/oauth2/v2.0/token");
  }

  /** A configuration pointing at this fake, with short deadlines suitable for tests. */
  GdapConfiguration configuration() {
    GdapConfiguration config = new GdapConfiguration();
    config.setGraphBaseUrl(graphBaseUrl());
    config.setTokenUrl(tokenUrl());
    config.setTenantId(PARTNER_TENANT);
    config.setClientId(CLIENT_ID);
    config.setClientSecret(CLIENT_SECRET);
    config.setRequestsPerSecond(1000);
    config.setRequestTimeout(io.dropwizard.util.Duration.seconds(5));
    return config;
  }

  // ---- state set-up ----

  synchronized FakeGraph pageSize(int size) {
    this.pageSize = size;
    return this;
  }

  synchronized FakeGraph tokenLifetime(Duration lifetime) {
    tokens.lifetime(lifetime);
    return this;
  }

  synchronized FakeGraph terminationTakes(Duration requested, Duration terminating) {
    this.terminationRequestedFor = requested;
    this.terminatingFor = terminating;
    return this;
  }

  /**
   * Adds a relationship with {@code assignments} active access assignments; returns its id. Any
   * status string is accepted, so tests can use members Graph may add later.
   */
  synchronized String addRelationship(String customerTenantId, String status, int assignments) {
    String id = UUID.randomUUID() + "-" + customerTenantId;
    Relationship relationship = new Relationship(id, customerTenantId, "gdap-" + relationships.size(), status);
    for (int i = 0; i < assignments; i++) {
      String assignmentId = UUID.randomUUID().toString();
      relationship.assignments.put(assignmentId, new Assignment(assignmentId));
    }
    // A relationship found mid-termination keeps moving on the clock, as on Graph.
    if (status.equals("terminationRequested")) {
      relationship.terminationRequestedAt = clock.instant();
    } else if (status.equals("terminating")) {
      relationship.terminationRequestedAt = clock.instant().minus(terminationRequestedFor);
    }
    relationships.put(id, relationship);
    return id;
  }

  /** The status Graph would report now. */
  synchronized String status(String relationshipId) {
    return advance(relationships.get(relationshipId)).status;
  }

  /** Access assignment statuses of a relationship, by id. */
  synchronized Map<String, String> assignmentStatuses(String relationshipId) {
    Map<String, String> statuses = new LinkedHashMap<>();
    relationships.get(relationshipId).assignments.values().forEach(a -> statuses.put(a.id, a.status));
    return statuses;
  }

  synchronized boolean exists(String relationshipId) {
    return relationships.containsKey(relationshipId);
  }

  /** Makes every token issued so far invalid, as if revoked or expired early. */
  synchronized void invalidateTokens() {
    tokens.invalidateAll();
  }

  synchronized int tokensIssued() {
    return tokens.issued();
  }

  List<Seen> requests() {
    return List.copyOf(seen);
  }

  List<Seen> requests(String method, String pathRegex) {
    Pattern pattern = Pattern.compile(pathRegex);
    return seen.stream().filter(r -> r.method().equals(method) && pattern.matcher(r.path()).matches()).toList();
  }

  // ---- fault injection ----

  /** The next {@code times} matching requests get {@code status}, with {@code Retry-After} if not null. */
  synchronized void failNext(String method, String pathRegex, int status, String retryAfter, int times) {
    for (int i = 0; i < times; i++) {
      faults.add(new Fault(method, Pattern.compile(pathRegex), FaultKind.STATUS, status, retryAfter));
    }
  }

  /** The next matching request gets {@code status} and {@code Retry-After: retryAfterSeconds}. */
  void failNext(String pathRegex, int status, int retryAfterSeconds) {
    failNext(null, pathRegex, status, Integer.toString(retryAfterSeconds), 1);
  }

  /** The next matching request gets a partial response and a TCP reset. */
  synchronized void resetConnectionNext(String method, String pathRegex) {
    faults.add(new Fault(method, Pattern.compile(pathRegex), FaultKind.RESET, 0, null));
  }

  /** The next matching request is processed, but its answer is replaced by {@code status} (a lost reply). */
  synchronized void failAfterProcessingNext(String method, String pathRegex, int status) {
    faults.add(new Fault(method, Pattern.compile(pathRegex), FaultKind.AFTER_PROCESSING, status, null));
  }

  /** Just before the next matching request, someone else modifies its target: its ETag changes. */
  synchronized void modifyBeforeNext(String method, String pathRegex) {
    faults.add(new Fault(method, Pattern.compile(pathRegex), FaultKind.MODIFY, 0, null));
  }

  // ---- HTTP ----

  private synchronized Response handle(Request request) {
    String path = request.uri().getRawPath();
    String query = request.uri().getRawQuery() == null ? "" : URLDecoder.decode(request.uri().getRawQuery(),
        StandardCharsets.UTF_8);
    seen.add(new Seen(request.method(), path, query, request.headers(), request.body()));
    Fault fault = takeFault(request.method(), path);
    if (fault != null && fault.kind() == FaultKind.RESET) {
      return Response.connectionReset();
    }
    if (fault != null && fault.kind() == FaultKind.STATUS) {
      Map<String, String> headers = new LinkedHashMap<>(Map.of("Content-Type", "application/json"));
      if (fault.retryAfter() != null) {
        headers.put("Retry-After", fault.retryAfter());
      }
      return Response.of(fault.status(), headers, error("injected" + fault.status(), "injected fault"));
    }
    if (fault != null && fault.kind() == FaultKind.MODIFY) {
      modifyTarget(path);
    }
    Response response = path.endsWith("/oauth2/v2.0/token") ? tokens.issue(request) : graph(request, path, query);
    if (fault != null && fault.kind() == FaultKind.AFTER_PROCESSING) {
      return Response.of(fault.status(), Map.of("Content-Type", "application/json"),
          error("GatewayTimeout", "the upstream service did not answer in time"));
    }
    return response;
  }

  private Fault takeFault(String method, String path) {
    for (int i = 0; i < faults.size(); i++) {
      Fault fault = faults.get(i);
      if ((fault.method() == null || fault.method().equals(method)) && fault.path().matcher(path).matches()) {
        return faults.remove(i);
      }
    }
    return null;
  }

  private Response graph(Request request, String path, String query) {
    if (!tokens.accepts(request.header("Authorization"))) {
      return Response.of(401, Map.of("Content-Type", "application/json", "WWW-Authenticate", "Bearer"),
          error("InvalidAuthenticationToken", "Access token has expired or is not yet valid."));
    }
    if (!path.startsWith(BASE)) {
      return Response.of(404, Map.of("Content-Type", "application/json"), error("UnknownError", "no such path"));
    }
    boolean includeUnknown = "include-unknown-enum-members".equals(request.header("Prefer"));
    String[] segments = path.substring(BASE.length()).split("/");
    // segments: [""] | ["", id] | ["", id, "accessAssignments"(, aid)] | ["", id, "requests"(, rid)]
    if (segments.length <= 1) {
      return "GET".equals(request.method()) ? listRelationships(query, includeUnknown) : notAllowed();
    }
    Relationship relationship = relationships.get(URLDecoder.decode(segments[1], StandardCharsets.UTF_8));
    if (relationship == null) {
      return notFound("delegatedAdminRelationship");
    }
    advance(relationship);
    if (segments.length == 2) {
      return switch (request.method()) {
        case "GET" -> json(200, relationshipJson(relationship, includeUnknown));
        case "DELETE" -> deleteRelationship(request, relationship);
        default -> notAllowed();
      };
    }
    String child = segments.length > 3 ? URLDecoder.decode(segments[3], StandardCharsets.UTF_8) : null;
    return switch (segments[2]) {
      case "accessAssignments" -> new FakeGraphChildren(this).assignments(request, query, relationship, child);
      case "requests" -> new FakeGraphChildren(this).requests(request, relationship, child);
      default -> notFound(segments[2]);
    };
  }

  private Response listRelationships(String query, boolean includeUnknown) {
    Map<String, String> params = params(query);
    String filter = params.get("$filter");
    String customer = null;
    if (filter != null) {
      Matcher matcher = FILTER.matcher(filter);
      if (!matcher.matches()) {
        return Response.of(400, Map.of("Content-Type", "application/json"),
            error("BadRequest", "Invalid filter clause: " + filter));
      }
      customer = matcher.group(1);
    }
    List<ObjectNode> items = new ArrayList<>();
    for (Relationship relationship : relationships.values()) {
      if (customer == null || customer.equals(relationship.customerTenantId)) {
        items.add(relationshipJson(advance(relationship), includeUnknown));
      }
    }
    String nextBase = server.baseUrl() + BASE + "?" + (filter == null ? "" : "$filter=" + encode(filter) + "&");
    return json(200, page(items, params, nextBase));
  }

  private Response deleteRelationship(Request request, Relationship relationship) {
    Response precondition = checkIfMatch(request, etag(relationship.id, relationship.version));
    if (precondition != null) {
      return precondition;
    }
    if (!"created".equals(relationship.status)) {
      return Response.of(400, Map.of("Content-Type", "application/json"), error("BadRequest",
          "A relationship can only be deleted if it's in the 'created' status; it is '" + relationship.status + "'."));
    }
    relationships.remove(relationship.id);
    return Response.of(204, Map.of(), "");
  }

  // ---- helpers shared with FakeGraphChildren ----

  /** Applies the clock-driven status transitions of a relationship and its requests and assignments. */
  Relationship advance(Relationship relationship) {
    if (relationship.terminationRequestedAt != null) {
      Instant now = clock.instant();
      Instant terminatingAt = relationship.terminationRequestedAt.plus(terminationRequestedFor);
      Instant terminatedAt = terminatingAt.plus(terminatingFor);
      String next = !now.isBefore(terminatedAt) ? "terminated"
          : !now.isBefore(terminatingAt) ? "terminating" : "terminationRequested";
      if (!next.equals(relationship.status)) {
        relationship.status = next;
        relationship.version++;
        String requestStatus = next.equals("terminated") ? "succeeded"
            : next.equals("terminating") ? "pending" : "created";
        relationship.requests.values().forEach(r -> r.put("status", requestStatus));
        if (next.equals("terminated")) {
          relationship.assignments.values().forEach(a -> {
            a.status = "deleted";
            a.version++;
          });
        }
      }
    }
    return relationship;
  }

  void requestTermination(Relationship relationship, ObjectNode request) {
    relationship.status = "terminationRequested";
    relationship.version++;
    relationship.terminationRequestedAt = clock.instant();
    relationship.requests.put(request.get("id").asText(), request);
  }

  Instant now() {
    return clock.instant();
  }

  String baseUrl() {
    return server.baseUrl();
  }

  int pageSize() {
    return pageSize;
  }

  static Set<String> terminable() {
    return TERMINABLE;
  }

  private void modifyTarget(String path) {
    String[] segments = path.substring(BASE.length()).split("/");
    Relationship relationship = segments.length > 1 ? relationships.get(segments[1]) : null;
    if (relationship == null) {
      return;
    }
    if (segments.length > 3 && "accessAssignments".equals(segments[2])) {
      Assignment assignment = relationship.assignments.get(segments[3]);
      if (assignment != null) {
        assignment.version++;
      }
    } else {
      relationship.version++;
    }
  }

  ObjectNode relationshipJson(Relationship relationship, boolean includeUnknown) {
    String status = includeUnknown || DOCUMENTED_STATUSES.contains(relationship.status)
        ? relationship.status : "unknownFutureValue";
    ObjectNode node = JSON.createObjectNode();
    node.put("@odata.type", "#microsoft.graph.delegatedAdminRelationship");
    node.put("@odata.etag", etag(relationship.id, relationship.version));
    node.put("id", relationship.id);
    node.put("displayName", relationship.displayName);
    node.put("duration", "P730D");
    node.put("status", status);
    node.put("autoExtendDuration", "PT0S");
    node.put("lastModifiedDateTime", clock.instant().toString());
    node.putObject("customer").put("tenantId", relationship.customerTenantId).put("displayName", "Contoso");
    node.putObject("accessDetails").putArray("unifiedRoles").addObject()
        .put("roleDefinitionId", "62e90394-69f5-4237-9190-012177145e10");
    return node;
  }

  ObjectNode assignmentJson(Assignment assignment) {
    ObjectNode node = JSON.createObjectNode();
    node.put("@odata.type", "#microsoft.graph.delegatedAdminAccessAssignment");
    node.put("@odata.etag", etag(assignment.id, assignment.version));
    node.put("id", assignment.id);
    node.put("status", assignment.status);
    node.putObject("accessContainer").put("accessContainerId", UUID.nameUUIDFromBytes(assignment.id.getBytes(
        StandardCharsets.UTF_8)).toString()).put("accessContainerType", "securityGroup");
    return node;
  }

  /** One page of {@code items} per {@code $skiptoken}, with an absolute {@code @odata.nextLink}. */
  ObjectNode page(List<ObjectNode> items, Map<String, String> params, String nextBase) {
    int from = Integer.parseInt(params.getOrDefault("$skiptoken", "0"));
    ObjectNode body = JSON.createObjectNode();
    body.put("@odata.context", server.baseUrl() + "/v1.0/$metadata#tenantRelationships/delegatedAdminRelationships");
    ArrayNode value = body.putArray("value");
    items.subList(Math.min(from, items.size()), Math.min(from + pageSize, items.size())).forEach(value::add);
    if (from + pageSize < items.size()) {
      body.put("@odata.nextLink", nextBase + "$skiptoken=" + (from + pageSize));
    }
    return body;
  }

  static ObjectMapper mapper() {
    return JSON;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
