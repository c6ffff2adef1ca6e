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
 * @param expectedPartnerTenantId the partner the incident is about (e.g. named by the alert), or
 *     null; when set, the activity refuses to act unless the configured partner is this tenant
 * @param grantId the grant the incident acts under (see {@link GrantCheckedGdapActivities}), or
 *     null outside an incident
 */
public record GdapRevocationRequest(String incidentId, String step, List<String> customerTenantIds,
    String expectedPartnerTenantId, String grantId) {
  public GdapRevocationRequest {
    customerTenantIds = customerTenantIds == null ? List.of() : List.copyOf(customerTenantIds);
  }

  /** A request without a grant (the activity itself does not check grants; see {@link GrantCheckedGdapActivities}). */
  public GdapRevocationRequest(String incidentId, String step, List<String> customerTenantIds,
      String expectedPartnerTenantId) {
    this(incidentId, step, customerTenantIds, expectedPartnerTenantId, null);
  }

  /** A request that does not check which partner is configured. */
  public GdapRevocationRequest(String incidentId, String step, List<String> customerTenantIds) {
    this(incidentId, step, customerTenantIds, null, null);
  }

  /** True when the request names no customer, i.e. targets every customer of the partner. */
  public boolean allCustomers() {
    return customerTenantIds.isEmpty();
  }
}
