package io.firebreak.orchestrator.playbook;

import io.firebreak.orchestrator.incident.AlertRef;
import io.firebreak.orchestrator.incident.TenantSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A playbook's tenant targets as written: the Microsoft customer tenants its orchestrator-side
 * steps ({@code revoke-gdap}) act on, once per incident.
 *
 * <pre>
 * tenants:
 *   fromAlert: true            # the customers the alert names (customerTenantIds)
 *   whenAlertNamesNone: all    # ... or every customer of the partner when it names none
 *   customers: [guid, ...]     # fixed customers, added to the alert's
 *   # all: true                # every customer of the partner (alone)
 * </pre>
 *
 * @param whenAlertNamesNone "all" or "none" (the default): what {@code fromAlert} means for an
 *     alert that names no customer
 * @param customers lower-case tenant ids
 */
public record PlaybookTenants(boolean fromAlert, String whenAlertNamesNone, List<String> customers, boolean all) {
  public static final String ALL = "all";
  public static final String NONE = "none";

  public PlaybookTenants {
    customers = customers == null ? List.of() : List.copyOf(customers);
    whenAlertNamesNone = whenAlertNamesNone == null ? NONE : whenAlertNamesNone;
  }

  /**
   * Binds the alert reference: the alert's customers plus the fixed ones, every customer when the
   * playbook says {@code all} (or the alert names none and {@code whenAlertNamesNone} is {@code
   * all}), and the partner the alert is about. With no alert (a responder's run) only the fixed
   * customers or {@code all} count: the fallback to every customer needs an alert that asked.
   */
  public TenantSpec bind(AlertRef alert) {
    String partner = alert == null ? null : alert.partnerTenantId();
    if (all) {
      return TenantSpec.all(partner);
    }
    List<String> bound = new ArrayList<>(customers);
    if (fromAlert && alert != null) {
      if (alert.customerTenantIds().isEmpty() && ALL.equals(whenAlertNamesNone)) {
        return TenantSpec.all(partner);
      }
      alert.customerTenantIds().stream().filter(id -> !bound.contains(id)).forEach(bound::add);
    }
    return TenantSpec.customers(bound, partner);
  }
}
