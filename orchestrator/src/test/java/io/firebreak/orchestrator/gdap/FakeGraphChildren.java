package io.firebreak.orchestrator.gdap;

import static io.firebreak.orchestrator.gdap.FakeGraphResponses.checkIfMatch;
import static io.firebreak.orchestrator.gdap.FakeGraphResponses.error;
import static io.firebreak.orchestrator.gdap.FakeGraphResponses.etag;
import static io.firebreak.orchestrator.gdap.FakeGraphResponses.json;
import static io.firebreak.orchestrator.gdap.FakeGraphResponses.notAllowed;
import static io.firebreak.orchestrator.gdap.FakeGraphResponses.notFound;
import static io.firebreak.orchestrator.gdap.FakeGraphResponses.params;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firebreak.orchestrator.gdap.LoopbackHttpServer.Request;
import io.firebreak.orchestrator.gdap.LoopbackHttpServer.Response;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The fake's {@code accessAssignments} and {@code requests} children of a relationship. Called
 * with the {@link FakeGraph} lock held.
 */
final class FakeGraphChildren {
  private final FakeGraph graph;

  FakeGraphChildren(FakeGraph graph) {
    this.graph = graph;
  }

  Response assignments(Request request, String query, FakeGraph.Relationship relationship, String assignmentId) {
    if (assignmentId == null) {
      if (!"GET".equals(request.method())) {
        return notAllowed();
      }
      List<ObjectNode> items = new ArrayList<>();
      relationship.assignments.values().forEach(assignment -> items.add(graph.assignmentJson(assignment)));
      String nextBase = graph.baseUrl() + request.uri().getRawPath() + "?";
      return json(200, graph.page(items, params(query), nextBase));
    }
    FakeGraph.Assignment assignment = relationship.assignments.get(assignmentId);
    if (assignment == null) {
      return notFound("delegatedAdminAccessAssignment");
    }
    return switch (request.method()) {
      case "GET" -> json(200, graph.assignmentJson(assignment));
      case "DELETE" -> deleteAssignment(request, relationship, assignment);
      default -> notAllowed();
    };
  }

  private Response deleteAssignment(Request request, FakeGraph.Relationship relationship,
      FakeGraph.Assignment assignment) {
    Response precondition = checkIfMatch(request, etag(assignment.id, assignment.version));
    if (precondition != null) {
      return precondition;
    }
    if (!"active".equals(relationship.status)) {
      return Response.of(400, Map.of("Content-Type", "application/json"), error("BadRequest",
          "Access assignments can only be changed while the relationship is active; it is '"
              + relationship.status + "'."));
    }
    if (assignment.status.equals("deleting") || assignment.status.equals("deleted")) {
      return notFound("delegatedAdminAccessAssignment");
    }
    // Graph removes the role assignments asynchronously.
    assignment.status = "deleting";
    assignment.version++;
    return Response.of(204, Map.of(), "");
  }

  Response requests(Request request, FakeGraph.Relationship relationship, String requestId) {
    if (requestId != null) {
      ObjectNode found = relationship.requests.get(requestId);
      return !"GET".equals(request.method()) ? notAllowed()
          : found == null ? notFound("delegatedAdminRelationshipRequest") : json(200, found);
    }
    if (!"POST".equals(request.method())) {
      return notAllowed();
    }
    JsonNode body;
    try {
      body = FakeGraph.mapper().readTree(request.body());
    } catch (IOException e) {
      return Response.of(400, Map.of("Content-Type", "application/json"),
          error("BadRequest", "The request body is not valid JSON."));
    }
    String action = body.path("action").asText();
    if (!"terminate".equals(action)) {
      return Response.of(400, Map.of("Content-Type", "application/json"),
          error("BadRequest", "The action '" + action + "' is not supported by this fake."));
    }
    if (!FakeGraph.terminable().contains(relationship.status)) {
      return Response.of(400, Map.of("Content-Type", "application/json"), error("BadRequest",
          "The relationship status '" + relationship.status + "' does not allow the action 'terminate'."));
    }
    String id = UUID.randomUUID().toString();
    String now = graph.now().toString();
    ObjectNode created = FakeGraph.mapper().createObjectNode();
    created.put("@odata.type", "#microsoft.graph.delegatedAdminRelationshipRequest");
    created.put("id", id).put("action", "terminate").put("status", "created")
        .put("createdDateTime", now).put("lastModifiedDateTime", now);
    graph.requestTermination(relationship, created);
    String location = graph.baseUrl() + request.uri().getRawPath() + "/" + id;
    return Response.of(201, Map.of("Content-Type", "application/json", "Location", location), created.toString());
  }
}
