package io.firebreak.orchestrator.audit;

/**
 * The newest row of the chain: its seq and hash. An empty chain's head is seq 0 with the genesis
 * hash (64 zeros).
 */
public record ChainHead(long seq, String hash) {
  /** The head of an empty chain. */
  public static final ChainHead EMPTY = new ChainHead(0, ChainHash.GENESIS);
}
