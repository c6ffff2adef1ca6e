package io.firebreak.orchestrator.incident;

import java.util.List;

/**
 * The part of a stored alert an incident needs (the full alert stays in the database).
 *
 * @param host the host the alert is about, or null
 * @param partition the partition the alert is about, or null
 * @param partnerTenantId the Microsoft partner tenant the alert is about (lower-case GUID), or null
 * @param customerTenantIds customer tenants of that partner the alert names (lower-case GUIDs);
 *     empty when it names none
 */
public record AlertRef(
    String alertId,
    String type,
    String severity,
    String source,
    String host,
    String partition,
    long receivedAtMs,
    String partnerTenantId,
    List<String> customerTenantIds) {

  public AlertRef {
    customerTenantIds = customerTenantIds == null ? List.of() : List.copyOf(customerTenantIds);
  }

  /** An alert about a host or partition, without partner context. */
  public AlertRef(String alertId, String type, String severity, String source, String host, String partition,
      long receivedAtMs) {
    this(alertId, type, severity, source, host, partition, receivedAtMs, null, List.of());
  }
}
