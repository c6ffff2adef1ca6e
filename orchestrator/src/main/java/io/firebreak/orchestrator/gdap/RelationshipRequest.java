package io.firebreak.orchestrator.gdap;

import java.util.Locale;

/**
 * A Graph {@code delegatedAdminRelationshipRequest}: an action on a relationship such as {@code
 * terminate}, processed asynchronously by Microsoft.
 *
 * @param id the request id
 * @param action the action as sent ({@code terminate})
 * @param status Graph's status string as sent ({@code created}, {@code pending}, {@code
 *     succeeded}, {@code failed}, or a newer member)
 */
public record RelationshipRequest(String id, String action, String status) {
  /** True when Graph reports that the request failed. */
  public boolean failed() {
    return status != null && status.toLowerCase(Locale.ROOT).equals("failed");
  }
}
