package io.firebreak.orchestrator.gdap;

import java.util.List;

/**
 * What to revoke: partner-side identifiers only. The partner (and its credentials) is the one in
 * {@link GdapConfiguration}; secrets never travel in workflow inputs.
 *
 * @param incidentId the incident this revocation belongs to, for evidence
 * @param step the playbook step name, for evidence
 * @param customerTenantIds customer tenants whose relationships with the partner end; empty means
 *     every customer of the partner
 */
public record GdapRevocationRequest(String incidentId, String step, List<String> customerTenantIds) {
  public GdapRevocationRequest {
    customerTenantIds = customerTenantIds == null ? List.of() : List.copyOf(customerTenantIds);
  }

  /** True when the request names no customer, i.e. targets every customer of the partner. */
  public boolean allCustomers() {
    return customerTenantIds.isEmpty();
  }
}
