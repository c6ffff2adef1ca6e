package io.firebreak.orchestrator.incident;

import java.util.List;

/**
 * Which Microsoft customer tenants an incident's orchestrator-side steps (e.g. {@code revoke-gdap})
 * act on, with every alert reference already bound. Tenant ids are lower-case GUIDs; no secret is
 * ever part of it (the partner's credentials stay in the configuration).
 *
 * @param allCustomers true: every customer of the configured partner (then {@code
 *     customerTenantIds} is empty)
 * @param customerTenantIds the customers named, in order, without repeats
 * @param partnerTenantId the partner the alert is about, or null; when set, the configured partner
 *     must be this tenant or the step refuses to act
 */
public record TenantSpec(boolean allCustomers, List<String> customerTenantIds, String partnerTenantId) {

  public TenantSpec {
    customerTenantIds = customerTenantIds == null || allCustomers ? List.of() : List.copyOf(customerTenantIds);
  }

  /** Every customer of the partner. */
  public static TenantSpec all(String partnerTenantId) {
    return new TenantSpec(true, List.of(), partnerTenantId);
  }

  /** The given customers of the partner. */
  public static TenantSpec customers(List<String> customerTenantIds, String partnerTenantId) {
    return new TenantSpec(false, customerTenantIds, partnerTenantId);
  }

  /** True when it selects no tenant at all: an orchestrator-side step has nothing to act on. */
  public boolean selectsNothing() {
    return !allCustomers && customerTenantIds.isEmpty();
  }

  /** A sentence for plans and logs, e.g. "all customers of the partner" or "2 customers: a, b". */
  public String describe(String configuredPartner) {
    String partner = partnerTenantId != null ? partnerTenantId
        : configuredPartner != null ? configuredPartner : "<gdap.tenantId, not configured>";
    if (allCustomers) {
      return "all customers of the partner " + partner;
    }
    return customerTenantIds.size() + (customerTenantIds.size() == 1 ? " customer" : " customers")
        + " of the partner " + partner + ": " + String.join(", ", customerTenantIds);
  }
}
