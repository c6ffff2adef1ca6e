package io.firebreak.orchestrator.incident;

/**
 * An approve/deny decision for an approval-mode incident, sent as a validated workflow Update.
 *
 * @param decidedBy the authenticated identity deciding; must differ from the requester
 */
public record ApprovalDecision(boolean approve, String decidedBy, String reason) {}
