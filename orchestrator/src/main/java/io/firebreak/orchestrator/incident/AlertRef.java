package io.firebreak.orchestrator.incident;

/**
 * The part of a stored alert an incident needs (the full alert stays in the database).
 *
 * @param host the host the alert is about, or null
 * @param partition the partition the alert is about, or null
 */
public record AlertRef(
    String alertId,
    String type,
    String severity,
    String source,
    String host,
    String partition,
    long receivedAtMs) {}
