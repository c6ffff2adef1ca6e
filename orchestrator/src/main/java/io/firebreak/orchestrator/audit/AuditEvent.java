package io.firebreak.orchestrator.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something that happened, as a caller hands it to {@link AuditLog#append}. The log adds the
 * sequence number, the time and the hashes.
 *
 * <p>Details are small facts (ids, counts, outcomes, short reasons), not payloads: keys that look
 * like credentials are dropped ({@link Redaction}), strings longer than 4,096 characters are cut,
 * and details whose JSON passes 16,384 characters are refused. Values may be strings, numbers,
 * booleans, null, enums, {@code Instant}s, {@code UUID}s, lists and maps of those.
 *
 * @param actor who did it: a user name, an API token's name, {@code "alert:<id>"} or
 *     {@code "system"}; at most 255 characters
 * @param action one of {@link AuditActions}, or any name matching {@link AuditActions#NAME}
 * @param subject what it was done to: an incident id (also for per-host command events, with the
 *     host in the details), a user, a token id, a host; at most 1,000 characters. {@code GET
 *     /api/v1/audit?incident=ID} finds events by subject.
 * @param partition the service partition the event belongs to, or null when it belongs to none;
 *     lets readers be limited to their partitions
 * @param details small facts about the event; may be empty, never null once constructed
 */
public record AuditEvent(String actor, String action, String subject, String partition, Map<String, Object> details) {
  public AuditEvent {
    requireText("actor", actor, 255);
    requireText("subject", subject, 1000);
    if (action == null || !AuditActions.NAME.matcher(action).matches()) {
      throw new IllegalArgumentException("audit action '" + action + "' must match " + AuditActions.NAME.pattern());
    }
    if (partition != null && (partition.isBlank() || partition.length() > 64)) {
      throw new IllegalArgumentException("audit partition must be null or 1 to 64 characters");
    }
    // A copy that tolerates null values, unlike Map.copyOf.
    details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** An event without partition or details. */
  public static AuditEvent of(String actor, String action, String subject) {
    return new AuditEvent(actor, action, subject, null, Map.of());
  }

  /** This event in {@code partition} (null: none). */
  public AuditEvent withPartition(String partition) {
    return new AuditEvent(actor, action, subject, partition, details);
  }

  /** This event with one more detail (replacing a detail of the same key). */
  public AuditEvent withDetail(String key, Object value) {
    Map<String, Object> copy = new LinkedHashMap<>(details);
    copy.put(key, value);
    return new AuditEvent(actor, action, subject, partition, copy);
  }

  /** This event with {@code more} details added (replacing details of the same keys). */
  public AuditEvent withDetails(Map<String, ?> more) {
    Map<String, Object> copy = new LinkedHashMap<>(details);
    copy.putAll(more);
    return new AuditEvent(actor, action, subject, partition, copy);
  }

  private static void requireText(String field, String value, int maxLength) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("audit " + field + " must not be blank");
    }
    if (value.length() > maxLength) {
      throw new IllegalArgumentException("audit " + field + " is " + value.length()
          + " characters long; at most " + maxLength + " are allowed");
    }
  }
}
