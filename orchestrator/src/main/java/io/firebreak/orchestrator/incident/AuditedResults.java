package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.audit.AuditActions;
import io.firebreak.orchestrator.audit.AuditEvent;
import io.firebreak.orchestrator.audit.AuditLog;
import io.firebreak.orchestrator.gateway.RecordedResult;
import io.firebreak.orchestrator.gateway.ResultRecorder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every command's result goes to the results table and to the audit trail as one {@code
 * command.result} event per host (with when it was sent), both in one transaction: a result is
 * never recorded without its event, nor an event without its result. A group of batches shares
 * that one transaction. Thread-safe.
 */
public final class AuditedResults implements ResultRecorder {
  private final HostResultDao results;
  private final AuditLog audit;

  public AuditedResults(HostResultDao results, AuditLog audit) {
    this.results = results;
    this.audit = audit;
  }

  @Override
  public void recordAll(List<Batch> batches) {
    List<AuditEvent> events = new ArrayList<>();
    for (Batch batch : batches) {
      for (RecordedResult row : batch.results()) {
        events.add(event(batch, row));
      }
    }
    if (events.isEmpty()) {
      return;
    }
    audit.appendAllWith(events, handle -> results.write(handle, batches));
  }

  /** One event per host (thousands per batch at partition scale): its details built in one map. */
  private static AuditEvent event(Batch batch, RecordedResult row) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("host", row.hostId());
    details.put("step", batch.step());
    details.put("action", batch.action());
    details.put("commandId", row.commandId());
    details.put("outcome", row.outcome().name().toLowerCase(Locale.ROOT));
    details.put("sentAt", Instant.ofEpochMilli(row.startedAtMs()).toString());
    details.put("detail", String.valueOf(row.detail()));
    return new AuditEvent("gateway", AuditActions.COMMAND_RESULT, batch.incidentId(), row.partition(), details);
  }
}
