package io.firebreak.orchestrator.audit;

import java.time.Instant;

/**
 * A row of the audit trail as stored.
 *
 * @param seq position in the chain, from 1, without gaps
 * @param at when it was appended, to the millisecond
 * @param details the event's details as canonical JSON (an object, possibly {@code {}})
 * @param prevHash the hash of row {@code seq - 1}; 64 zeros for seq 1
 * @param hash SHA-256 (hex) over this row's fields and {@code prevHash}
 */
public record AuditRecord(long seq, Instant at, String actor, String action, String subject, String partition,
    String details, String prevHash, String hash) {}
