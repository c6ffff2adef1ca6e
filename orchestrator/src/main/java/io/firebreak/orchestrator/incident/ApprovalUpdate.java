package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.access.ApprovalDao;
import java.util.List;

/**
 * The workflow's view of its approval request, written to the index.
 *
 * @param state pending, approved, denied or expired
 * @param event what just happened, for the audit trail: decided, escalated, expired, approved, denied
 */
public record ApprovalUpdate(String approvalId, String incidentId, String state, int tier,
    List<ApprovalDao.Decision> decisions, String reason, String event) {

  public ApprovalUpdate {
    decisions = List.copyOf(decisions);
  }
}
