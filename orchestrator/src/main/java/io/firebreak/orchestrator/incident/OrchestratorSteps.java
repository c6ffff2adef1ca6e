package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.TaskQueues;
import io.firebreak.orchestrator.gdap.GdapActivities;
import io.firebreak.orchestrator.gdap.GdapRevocationRequest;
import io.firebreak.orchestrator.gdap.GdapRevocationResult;
import io.firebreak.orchestrator.gdap.RelationshipOutcome;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs an incident's orchestrator-side steps inside the incident workflow, once per incident, on
 * its tenant targets: {@code revoke-gdap} through {@link GdapActivities} on the incidents task
 * queue. The per-relationship results go to the database with their evidence; the step's
 * progress gets the counts (one unit per relationship, or per named customer without one).
 * Workflow-local; single-threaded.
 */
final class OrchestratorSteps {
  static final String REVOKE_GDAP = "revoke-gdap";

  /**
   * As {@code GdapModule} asks: a heartbeat timeout above one Graph call with its retries (2 min)
   * plus a poll interval, room for many relationships, and no retry of what configuration or
   * Graph refused.
   */
  static final ActivityOptions GDAP_OPTIONS = ActivityOptions.newBuilder()
      .setTaskQueue(TaskQueues.INCIDENTS)
      .setStartToCloseTimeout(Duration.ofMinutes(30))
      .setHeartbeatTimeout(Duration.ofMinutes(3))
      .setRetryOptions(RetryOptions.newBuilder()
          .setMaximumAttempts(5)
          .setDoNotRetry(GdapActivities.CREDENTIALS_REFUSED, GdapActivities.NOT_AUTHORIZED,
              GdapActivities.INVALID_REQUEST, GdapActivities.GRAPH_REFUSED, GdapActivities.NOT_CONFIGURED,
              GdapActivities.NO_GRANT)
          .build())
      .build();

  private final String incidentId;
  private final IncidentActivities database;
  private final GdapActivities gdap = Workflow.newActivityStub(GdapActivities.class, GDAP_OPTIONS);

  OrchestratorSteps(String incidentId, IncidentActivities database) {
    this.incidentId = incidentId;
    this.database = database;
  }

  /**
   * Runs the step of {@code progress} on {@code tenants} under the grant {@code grantId} and ends
   * its progress: done with counts, or failed with the reason. Nothing is called when the grant
   * does not allow the step ({@code grantRefusal}); the activity checks the grant again.
   *
   * @param grantRefusal why the incident's grant does not allow this step now, or null when it does
   * @return null, or why the step could not act at all (no grant, configuration, credentials, Graph
   *     refused), as the incident's error
   */
  String run(StepProgress progress, TenantSpec tenants, String grantId, String grantRefusal) {
    StepSpec step = progress.spec();
    if (!REVOKE_GDAP.equals(step.action())) {
      return failed(progress, "the orchestrator has no implementation of action '" + step.action() + "'");
    }
    if (grantId == null || grantRefusal != null) {
      return failed(progress, (grantRefusal != null ? grantRefusal : "the incident holds no grant")
          + "; nothing was revoked");
    }
    if (tenants == null || tenants.selectsNothing()) {
      // Never an empty customer list: to GdapActivities that means every customer.
      progress.finish(0, StepCounts.ZERO, "no customer tenant to act on: nothing was revoked");
      return null;
    }
    GdapRevocationResult result;
    try {
      result = gdap.revokePartnerAccess(new GdapRevocationRequest(incidentId, step.name(),
          tenants.allCustomers() ? List.of() : tenants.customerTenantIds(), tenants.partnerTenantId(), grantId));
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof CanceledFailure) {
        throw e;
      }
      return failed(progress, reason(e));
    }
    database.recordTenantResults(new TenantResults(incidentId, step.name(), step.action(), result, grantId));
    int failed = (int) result.failedCount();
    progress.finish(result.outcomes().size(), new StepCounts(result.outcomes().size() - failed, failed, 0, 0, 0, 0),
        summary(result, tenants));
    return null;
  }

  private String failed(StepProgress progress, String why) {
    progress.fail(why);
    String error = "step " + progress.spec().name() + " (" + progress.spec().action() + ") failed: " + why;
    Workflow.getLogger(OrchestratorSteps.class).warn("Incident {}: {}", incidentId, error);
    return error;
  }

  /** E.g. "partner 1111…, 2 customers of the partner …: 3 terminated, 1 no_relationship". */
  private static String summary(GdapRevocationResult result, TenantSpec tenants) {
    Map<RelationshipOutcome.Outcome, Integer> byOutcome = new EnumMap<>(RelationshipOutcome.Outcome.class);
    result.outcomes().forEach(outcome -> byOutcome.merge(outcome.outcome(), 1, Integer::sum));
    List<String> counts = new ArrayList<>();
    byOutcome.forEach((outcome, count) -> counts.add(count + " " + outcome.name().toLowerCase(Locale.ROOT)));
    String scope = tenants.allCustomers() ? "all customers" : tenants.customerTenantIds().size() + " named customers";
    return "partner " + result.partnerTenantId() + ", " + scope + ": "
        + (counts.isEmpty() ? "no delegated admin relationship found" : String.join(", ", counts));
  }

  private static String reason(ActivityFailure failure) {
    Throwable cause = failure.getCause();
    if (cause instanceof ApplicationFailure application) {
      return application.getOriginalMessage();
    }
    if (cause instanceof TimeoutFailure timeout) {
      return "revoke-gdap timed out (" + timeout.getTimeoutType().name().toLowerCase(Locale.ROOT)
          .replace("timeout_type_", "") + "); see the relationships' status in Graph";
    }
    return IncidentWorkflowImpl.rootMessage(failure);
  }
}
