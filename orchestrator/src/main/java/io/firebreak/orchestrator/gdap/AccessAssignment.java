package io.firebreak.orchestrator.gdap;

import java.util.Locale;

/**
 * The fields of a Graph {@code delegatedAdminAccessAssignment} that revocation needs.
 *
 * @param id the assignment id
 * @param status Graph's status string as sent ({@code pending}, {@code active}, {@code deleting},
 *     {@code deleted}, {@code error}, or a newer member)
 * @param etag {@code @odata.etag}, sent back in {@code If-Match}
 */
public record AccessAssignment(String id, String status, String etag) {
  /** True when Graph is already removing or has removed the assignment. */
  public boolean goneOrGoing() {
    String normalized = status == null ? "" : status.toLowerCase(Locale.ROOT);
    return normalized.equals("deleting") || normalized.equals("deleted");
  }
}
