package io.firebreak.orchestrator.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What {@link AuditVerifier#verify} found. Serialized as the body of {@code GET
 * /api/v1/audit/verify}.
 *
 * @param ok true if every row and every checkpoint checked out
 * @param checkedRows rows found intact before the first broken link (all rows when ok)
 * @param head the newest stored row's seq and hash, as stored (whether or not it is intact)
 * @param checkpoints how many checkpoints there are and the newest one's seq and hash
 * @param brokenAt the first broken link, or null when ok
 * @param keyId the id of the key checkpoints were verified with
 * @param publicKey that key as PEM, so an auditor can verify a copy of the database offline
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record AuditVerification(boolean ok, long checkedRows, ChainHead head, Checkpoints checkpoints,
    BrokenLink brokenAt, String keyId, String publicKey) {

  /**
   * The signed checkpoints: how many, and the newest one's seq and hash (null when there is none).
   * Keep {@code lastSeq} and {@code lastHash} outside the database: together with them, even a
   * deletion of the newest checkpoints is detectable.
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  public record Checkpoints(long count, Long lastSeq, String lastHash) {}

  /**
   * The first place the chain does not hold.
   *
   * @param seq the seq of the first row (or missing seq) that fails
   * @param reason {@code "hash mismatch"}, {@code "prev_hash does not match previous row"},
   *     {@code "gap: seq N missing"}, {@code "checkpoint at seq N signed hash differs from the
   *     chain"} or {@code "checkpoint signature invalid"}
   */
  public record BrokenLink(long seq, String reason) {}
}
