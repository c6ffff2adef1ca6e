package io.firebreak.orchestrator.gdap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.orchestrator.gdap.GdapException.Kind;
import io.firebreak.orchestrator.gdap.internal.GraphErrors;
import io.firebreak.orchestrator.gdap.internal.GraphTransport;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Microsoft Graph v1.0 {@code tenantRelationships/delegatedAdminRelationships} as the partner sees
 * it: list relationships (following {@code @odata.nextLink}), their access assignments and
 * requests, and the calls that end a relationship. Every call goes through the transport's rate
 * limiter, circuit breaker and retries; a 4xx that is not handled here becomes a {@link
 * GdapException} of kind {@code GRAPH_ERROR} carrying Graph's error code and message.
 * Deletes always send {@code If-Match}. Thread-safe.
 */
public final class GraphClient {
  /** Tenant ids are GUIDs; refusing anything else also keeps the OData filter injection-free. */
  public static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

  private static final int MAX_PAGES = 1000;
  private static final int MAX_ETAG_REFRESHES = 3;

  private final GraphTransport transport;
  private final URI relationships;
  private final ObjectMapper json = new ObjectMapper();

  public GraphClient(GraphTransport transport, URI graphBaseUrl) {
    this.transport = transport;
    String base = graphBaseUrl.toString().replaceAll("/+$", "");
    this.relationships = URI.create(base + "/tenantRelationships/delegatedAdminRelationships");
  }

  /**
   * The partner's relationships with one customer, or with every customer when {@code
   * customerTenantId} is null, across all pages.
   */
  public List<DelegatedAdminRelationship> listRelationships(String customerTenantId) {
    URI uri = relationships;
    String what = "list delegated admin relationships";
    if (customerTenantId != null) {
      requireTenantId(customerTenantId);
      uri = URI.create(relationships + "?$filter=" + encode("customer/tenantId eq '" + customerTenantId + "'"));
      what += " of customer " + customerTenantId;
    }
    List<DelegatedAdminRelationship> found = new ArrayList<>();
    for (JsonNode item : listAll(what, uri)) {
      found.add(relationship(item));
    }
    return found;
  }

  /** One relationship, or empty when Graph no longer has it (404). */
  public Optional<DelegatedAdminRelationship> getRelationship(String relationshipId) {
    String what = "read relationship " + relationshipId;
    GraphTransport.Response response = transport.send(what, "GET", relationship(relationshipId, ""), null, Map.of());
    if (response.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(relationship(body(what, response)));
  }

  /** The relationship's access assignments, across all pages. */
  public List<AccessAssignment> listAccessAssignments(String relationshipId) {
    List<AccessAssignment> found = new ArrayList<>();
    for (JsonNode item : listAll("list access assignments of relationship " + relationshipId,
        relationship(relationshipId, "/accessAssignments"))) {
      found.add(assignment(item));
    }
    return found;
  }

  /** One access assignment, or empty when it is gone (404). */
  public Optional<AccessAssignment> getAccessAssignment(String relationshipId, String assignmentId) {
    String what = "read access assignment " + assignmentId + " of relationship " + relationshipId;
    GraphTransport.Response response = transport.send(what, "GET",
        relationship(relationshipId, "/accessAssignments/" + segment(assignmentId)), null, Map.of());
    if (response.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(assignment(body(what, response)));
  }

  /**
   * Deletes an access assignment with {@code If-Match}. On 412 (someone changed it since it was
   * read) the assignment is read again and the delete retried with the fresh ETag, a few times.
   *
   * @return true when this call deleted it; false when it was already deleted or being deleted
   */
  public boolean deleteAccessAssignment(String relationshipId, AccessAssignment assignment) {
    String what = "delete access assignment " + assignment.id() + " of relationship " + relationshipId;
    URI uri = relationship(relationshipId, "/accessAssignments/" + segment(assignment.id()));
    AccessAssignment current = assignment;
    for (int refreshes = 0; ; refreshes++) {
      if (current.goneOrGoing()) {
        return false;
      }
      if (current.etag() != null) {
        GraphTransport.Response response =
            transport.send(what, "DELETE", uri, null, Map.of("If-Match", current.etag()));
        if (response.status() / 100 == 2) {
          return true;
        }
        if (response.status() == 404) {
          return false;
        }
        if (response.status() != 412) {
          throw graphError(what, response);
        }
      }
      if (refreshes == MAX_ETAG_REFRESHES) {
        throw new GdapException(Kind.GRAPH_ERROR, "could not " + what + ": it changed under us "
            + MAX_ETAG_REFRESHES + " times (412 Precondition Failed) or Graph sent no ETag", 412, null, null);
      }
      Optional<AccessAssignment> reread = getAccessAssignment(relationshipId, current.id());
      if (reread.isEmpty()) {
        return false;
      }
      current = reread.get();
    }
  }

  /**
   * Deletes a relationship that was never activated ({@code created}), with {@code If-Match}.
   *
   * @return true when deleted, false when it was already gone (404)
   * @throws GdapException with {@link GdapException#httpStatus()} 412 when the ETag is stale, so
   *     the caller re-reads the relationship and decides again
   */
  public boolean deleteRelationship(DelegatedAdminRelationship relationship) {
    String what = "delete relationship " + relationship.id();
    if (relationship.etag() == null) {
      throw new GdapException(Kind.GRAPH_ERROR, "cannot " + what + ": Graph sent no ETag for it", 0, null, null);
    }
    GraphTransport.Response response = transport.send(what, "DELETE", relationship(relationship.id(), ""), null,
        Map.of("If-Match", relationship.etag()));
    if (response.status() / 100 == 2) {
      return true;
    }
    if (response.status() == 404) {
      return false;
    }
    throw graphError(what, response);
  }

  /** Asks Microsoft to terminate the relationship: {@code POST /{id}/requests {"action":"terminate"}}. */
  public RelationshipRequest requestTermination(String relationshipId) {
    String what = "request termination of relationship " + relationshipId;
    GraphTransport.Response response = transport.send(what, "POST", relationship(relationshipId, "/requests"),
        "{\"action\":\"terminate\"}", Map.of());
    return request(body(what, response));
  }

  /** One request on a relationship, or empty when Graph does not know it (404). */
  public Optional<RelationshipRequest> getRequest(String relationshipId, String requestId) {
    String what = "read request " + requestId + " of relationship " + relationshipId;
    GraphTransport.Response response = transport.send(what, "GET",
        relationship(relationshipId, "/requests/" + segment(requestId)), null, Map.of());
    if (response.status() == 404) {
      return Optional.empty();
    }
    return Optional.of(request(body(what, response)));
  }

  private List<JsonNode> listAll(String what, URI first) {
    List<JsonNode> items = new ArrayList<>();
    URI page = first;
    for (int pages = 0; page != null; pages++) {
      if (pages == MAX_PAGES) {
        throw new GdapException(Kind.GRAPH_ERROR, "gave up to " + what + " after " + MAX_PAGES + " pages");
      }
      JsonNode body = body(what, transport.send(what, "GET", page, null, Map.of()));
      body.path("value").forEach(items::add);
      JsonNode next = body.get("@odata.nextLink");
      page = next == null || next.isNull() ? null : sameOrigin(what, URI.create(next.asText()));
    }
    return items;
  }

  /** The access token goes only to Graph's own host: a nextLink elsewhere is refused. */
  private URI sameOrigin(String what, URI next) {
    if (!Objects.equals(next.getScheme(), relationships.getScheme())
        || !Objects.equals(next.getHost(), relationships.getHost()) || next.getPort() != relationships.getPort()) {
      throw new GdapException(Kind.GRAPH_ERROR, "refusing to " + what + " via @odata.nextLink on another host: "
          + next.getScheme() + "://" + next.getAuthority());
    }
    return next;
  }

  private JsonNode body(String what, GraphTransport.Response response) {
    if (response.status() / 100 != 2) {
      throw graphError(what, response);
    }
    try {
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new GdapException(Kind.GRAPH_ERROR, "Graph answered " + what + " with a body that is not JSON",
          response.status(), null, e);
    }
  }

  private static GdapException graphError(String what, GraphTransport.Response response) {
    return new GdapException(Kind.GRAPH_ERROR, "Graph refused to " + what + ": HTTP " + response.status()
        + GraphErrors.suffix(response.body()), response.status(), GraphErrors.code(response.body()), null);
  }

  private static DelegatedAdminRelationship relationship(JsonNode node) {
    String rawStatus = text(node, "status");
    return new DelegatedAdminRelationship(text(node, "id"), text(node, "displayName"),
        text(node.path("customer"), "tenantId"), RelationshipStatus.fromGraph(rawStatus), rawStatus,
        text(node, "@odata.etag"), text(node, "lastModifiedDateTime"));
  }

  private static AccessAssignment assignment(JsonNode node) {
    return new AccessAssignment(text(node, "id"), text(node, "status"), text(node, "@odata.etag"));
  }

  private static RelationshipRequest request(JsonNode node) {
    return new RelationshipRequest(text(node, "id"), text(node, "action"), text(node, "status"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private URI relationship(String relationshipId, String suffix) {
    return URI.create(relationships + "/" + segment(relationshipId) + suffix);
  }

  static void requireTenantId(String tenantId) {
    if (tenantId == null || !TENANT_ID.matcher(tenantId).matches()) {
      throw new IllegalArgumentException("not a tenant id (letters, digits and '-'): '" + tenantId + "'");
    }
  }

  private static String segment(String id) {
    return encode(Objects.requireNonNull(id, "id"));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
