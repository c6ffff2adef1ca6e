package io.firebreak.orchestrator.audit;

import java.time.Instant;

/**
 * A signed head of the chain.
 *
 * @param seq the head's seq when it was signed
 * @param hash the head's hash when it was signed
 * @param signature base64 Ed25519 signature over (seq, hash, keyId, at)
 * @param keyId which audit key signed it
 * @param at when it was signed, to the millisecond
 */
public record AuditCheckpoint(long seq, String hash, String signature, String keyId, Instant at) {}
