package io.firebreak.orchestrator.alert;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Received alerts, stored as they arrived, with the incidents they opened or joined. */
public final class AlertDao {
  private final Jdbi jdbi;

  public AlertDao(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public void insert(String alertId, Instant receivedAt, AlertParser.ParsedAlert alert, String payload) {
    jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO alerts (alert_id, received_at, type,"
            + " severity, source, host_id, partition_name, title, payload, partner_tenant_id,"
            + " customer_tenant_ids) VALUES (:id, :received, :type, :severity, :source, :host, :partition,"
            + " :title, :payload, :partner, :customers)")
        .bind("id", alertId)
        .bind("received", receivedAt)
        .bind("type", alert.type())
        .bind("severity", alert.severity())
        .bind("source", alert.source())
        .bind("host", alert.host())
        .bind("partition", alert.partition())
        .bind("title", alert.title())
        .bind("payload", payload)
        .bind("partner", alert.partnerTenantId())
        .bind("customers", alert.customerTenantIds().isEmpty() ? null : String.join(",", alert.customerTenantIds()))
        .execute());
  }

  /** Links the alert to the incidents it opened or joined. */
  public void linkIncidents(String alertId, Instant receivedAt, List<String> incidentIds) {
    jdbi.useTransaction(handle -> {
      handle.createUpdate("UPDATE alerts SET incident_ids = :ids WHERE alert_id = :id")
          .bind("id", alertId)
          .bind("ids", String.join(",", incidentIds))
          .execute();
      for (String incidentId : incidentIds) {
        handle.createUpdate("MERGE INTO incident_alerts (incident_id, alert_id, received_at)"
                + " KEY (incident_id, alert_id) VALUES (:incident, :alert, :received)")
            .bind("incident", incidentId)
            .bind("alert", alertId)
            .bind("received", receivedAt)
            .execute();
      }
    });
  }

  /** Ids of the alerts folded into an incident, oldest first. */
  public List<String> alertsOf(String incidentId) {
    return jdbi.withHandle(handle -> handle.createQuery("SELECT alert_id FROM incident_alerts"
            + " WHERE incident_id = :incident ORDER BY received_at, alert_id")
        .bind("incident", incidentId)
        .mapTo(String.class)
        .list());
  }
}
