package io.firebreak.orchestrator.gdap;

/**
 * Heartbeat details of {@link GdapActivities#revokePartnerAccess}: the relationship being worked
 * on and its last status seen, so a stuck termination is visible in Temporal's UI.
 *
 * @param relationshipsDone relationships finished so far in this attempt
 * @param relationshipsTotal relationships found for the requested customers
 * @param at ISO 8601 UTC time of this heartbeat
 */
public record GdapProgress(String customerTenantId, String relationshipId, String status, int relationshipsDone,
    int relationshipsTotal, String at) {}
