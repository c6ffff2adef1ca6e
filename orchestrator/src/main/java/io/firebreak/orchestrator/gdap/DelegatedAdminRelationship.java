package io.firebreak.orchestrator.gdap;

/**
 * The fields of a Graph {@code delegatedAdminRelationship} that revocation needs.
 *
 * @param id the relationship id (Graph's {@code id})
 * @param displayName the partner-chosen name, for reports
 * @param customerTenantId {@code customer.tenantId}
 * @param status the parsed status; {@link RelationshipStatus#UNKNOWN} for members this code does
 *     not know
 * @param rawStatus the status string exactly as Graph sent it
 * @param etag {@code @odata.etag}, sent back in {@code If-Match}
 * @param lastModifiedDateTime Graph's timestamp, as sent (ISO 8601), or null
 */
public record DelegatedAdminRelationship(String id, String displayName, String customerTenantId,
    RelationshipStatus status, String rawStatus, String etag, String lastModifiedDateTime) {}
