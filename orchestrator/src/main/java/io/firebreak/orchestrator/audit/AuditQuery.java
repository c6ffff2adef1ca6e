package io.firebreak.orchestrator.audit;

/**
 * Which audit rows to read: ascending by seq, after {@code afterSeq}, at most {@code limit}, and
 * only those matching every non-null filter.
 *
 * @param subject only rows about this subject (an incident id, a user...), or null
 * @param actor only rows by this actor, or null
 * @param action only rows of this action, or null
 */
public record AuditQuery(long afterSeq, int limit, String subject, String actor, String action) {
  /** The largest page a query may ask for. */
  public static final int MAX_LIMIT = 1000;

  public AuditQuery {
    if (afterSeq < 0) {
      throw new IllegalArgumentException("afterSeq must be 0 or more");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
  }

  /** Every row after {@code afterSeq}, {@code limit} at a time. */
  public static AuditQuery page(long afterSeq, int limit) {
    return new AuditQuery(afterSeq, limit, null, null, null);
  }
}
