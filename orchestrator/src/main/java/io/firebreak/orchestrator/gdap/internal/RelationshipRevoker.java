package io.firebreak.orchestrator.gdap.internal;

import io.firebreak.orchestrator.gdap.AccessAssignment;
import io.firebreak.orchestrator.gdap.DelegatedAdminRelationship;
import io.firebreak.orchestrator.gdap.GdapException;
import io.firebreak.orchestrator.gdap.GdapException.Kind;
import io.firebreak.orchestrator.gdap.GraphClient;
import io.firebreak.orchestrator.gdap.RelationshipOutcome;
import io.firebreak.orchestrator.gdap.RelationshipOutcome.Outcome;
import io.firebreak.orchestrator.gdap.RelationshipRequest;
import io.firebreak.orchestrator.gdap.RelationshipStatus;
import io.firebreak.orchestrator.gdap.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Ends one delegated admin relationship, deciding by its current status so that running it again
 * never does harm: terminated, terminating or termination-requested relationships get no new
 * request; {@code created} ones are deleted; live ones lose their access assignments and are
 * terminated, then polled until Graph reports {@code terminated} or the poll timeout passes.
 * Failures that concern only this relationship become a {@link Outcome#FAILED} outcome; refused
 * credentials and interrupts propagate. Thread-safe if the client is.
 */
public final class RelationshipRevoker {
  private static final int MAX_STALE_DELETES = 3;

  private final GraphClient graph;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration pollInterval;
  private final Duration terminationTimeout;

  public RelationshipRevoker(GraphClient graph, Clock clock, Sleeper sleeper, Duration pollInterval,
      Duration terminationTimeout) {
    this.graph = graph;
    this.clock = clock;
    this.sleeper = sleeper;
    this.pollInterval = pollInterval;
    this.terminationTimeout = terminationTimeout;
  }

  /**
   * Ends {@code relationship}. {@code progress} receives each status read while polling (the
   * activity turns it into a heartbeat).
   */
  public RelationshipOutcome revoke(DelegatedAdminRelationship relationship,
      Consumer<DelegatedAdminRelationship> progress) {
    Evidence evidence = new Evidence(relationship, clock.instant());
    try {
      return switch (relationship.status()) {
        case TERMINATED -> evidence.finish(Outcome.ALREADY_TERMINATED, relationship,
            "already terminated before this run; nothing sent");
        case EXPIRED -> evidence.finish(Outcome.ALREADY_TERMINATED, relationship,
            "expired before this run: Microsoft already removed the access; nothing sent");
        case TERMINATION_REQUESTED, TERMINATING -> awaitTermination(evidence, null, progress,
            Outcome.ALREADY_TERMINATED, "termination was requested before this run; no new request sent");
        case CREATED -> deleteNeverActivated(evidence, relationship, progress);
        case UNKNOWN -> evidence.finish(Outcome.FAILED, relationship, "relationship status '" + relationship.rawStatus()
            + "' is not known to this version of Firebreak (Graph evolvable enum); left untouched, check it in"
            + " Partner Center");
        default -> terminate(evidence, relationship, progress);
      };
    } catch (GdapException e) {
      if (e.kind() == Kind.CREDENTIALS_REFUSED || e.kind() == Kind.NOT_AUTHORIZED || e.kind() == Kind.INTERRUPTED) {
        throw e;
      }
      return evidence.finish(Outcome.FAILED, null, e.getMessage());
    }
  }

  private RelationshipOutcome terminate(Evidence evidence, DelegatedAdminRelationship relationship,
      Consumer<DelegatedAdminRelationship> progress) {
    List<String> assignmentProblems = new ArrayList<>();
    // Removing the role assignments cuts access at once; termination can take a while.
    for (AccessAssignment assignment : graph.listAccessAssignments(relationship.id())) {
      try {
        if (graph.deleteAccessAssignment(relationship.id(), assignment)) {
          evidence.deletedAssignments.add(assignment.id());
        }
      } catch (GdapException e) {
        if (e.kind() == Kind.CREDENTIALS_REFUSED || e.kind() == Kind.NOT_AUTHORIZED || e.kind() == Kind.INTERRUPTED) {
          throw e;
        }
        // Termination below removes every assignment anyway: do not let one block it.
        assignmentProblems.add(e.getMessage());
      }
    }
    String note = assignmentProblems.isEmpty() ? "" : "; access assignments not deleted first: "
        + String.join("; ", assignmentProblems);
    RelationshipRequest request;
    try {
      request = graph.requestTermination(relationship.id());
    } catch (GdapException refused) {
      // A terminate request sent by an earlier attempt (or lost in a 504) makes Graph refuse another.
      DelegatedAdminRelationship current = graph.getRelationship(relationship.id()).orElseThrow(() -> refused);
      if (refused.kind() != Kind.GRAPH_ERROR || !current.status().terminationUnderway()) {
        throw refused;
      }
      return awaitTermination(evidence, null, progress, Outcome.TERMINATED,
          "Graph reports termination already under way (" + current.rawStatus() + ")" + note);
    }
    evidence.requestId = request.id();
    return awaitTermination(evidence, request.id(), progress, Outcome.TERMINATED, "termination requested" + note);
  }

  private RelationshipOutcome deleteNeverActivated(Evidence evidence, DelegatedAdminRelationship relationship,
      Consumer<DelegatedAdminRelationship> progress) {
    DelegatedAdminRelationship current = relationship;
    for (int attempt = 1; ; attempt++) {
      try {
        graph.deleteRelationship(current);
        return evidence.finish(Outcome.DELETED, null, "never activated (created); deleted");
      } catch (GdapException e) {
        if (e.httpStatus() != 412 || attempt == MAX_STALE_DELETES) {
          throw e;
        }
      }
      // Someone changed it since we read it: read again and decide again.
      current = graph.getRelationship(relationship.id()).orElse(null);
      if (current == null) {
        return evidence.finish(Outcome.DELETED, null, "never activated (created); already deleted");
      }
      if (current.status() != RelationshipStatus.CREATED) {
        return revoke(current, progress);
      }
    }
  }

  private RelationshipOutcome awaitTermination(Evidence evidence, String requestId,
      Consumer<DelegatedAdminRelationship> progress, Outcome done, String reason) {
    Instant giveUpAt = clock.instant().plus(terminationTimeout);
    while (true) {
      if (requestId != null) {
        RelationshipRequest request = graph.getRequest(evidence.relationship.id(), requestId).orElse(null);
        if (request != null && request.failed()) {
          return evidence.finish(Outcome.FAILED, null, "Graph reports terminate request " + requestId + " failed");
        }
      }
      DelegatedAdminRelationship current = graph.getRelationship(evidence.relationship.id()).orElse(null);
      if (current == null) {
        return evidence.finish(done, null, reason + "; the relationship no longer exists");
      }
      evidence.lastStatus = current.rawStatus();
      progress.accept(current);
      if (current.status() == RelationshipStatus.TERMINATED) {
        return evidence.finish(done, current, reason);
      }
      if (!clock.instant().isBefore(giveUpAt)) {
        Outcome pending = done == Outcome.ALREADY_TERMINATED ? done : Outcome.TERMINATION_PENDING;
        return evidence.finish(pending, current, reason + "; still " + current.rawStatus() + " after "
            + terminationTimeout.toSeconds() + " s of polling (Microsoft completes it asynchronously)");
      }
      try {
        sleeper.sleep(pollInterval);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new GdapException(Kind.INTERRUPTED, "interrupted while polling relationship "
            + evidence.relationship.id() + " for termination");
      }
    }
  }

  /** What this run saw and did to one relationship. */
  private final class Evidence {
    final DelegatedAdminRelationship relationship;
    final Instant startedAt;
    final List<String> deletedAssignments = new ArrayList<>();
    String requestId;
    String lastStatus;

    Evidence(DelegatedAdminRelationship relationship, Instant startedAt) {
      this.relationship = relationship;
      this.startedAt = startedAt;
      this.lastStatus = relationship.rawStatus();
    }

    RelationshipOutcome finish(Outcome outcome, DelegatedAdminRelationship current, String reason) {
      String finalStatus = current != null ? current.rawStatus()
          : outcome == Outcome.DELETED ? "deleted" : lastStatus;
      return new RelationshipOutcome(relationship.customerTenantId(), relationship.id(), relationship.displayName(),
          outcome, reason, relationship.rawStatus(), finalStatus, requestId, deletedAssignments,
          startedAt.toString(), clock.instant().toString());
    }
  }
}
