package io.firebreak.agent.isolation;

import io.firebreak.agent.isolation.Nftables.NftablesException;

/**
 * The isolation table {@code inet firebreak_isolation} in this host's ruleset. Every change is one
 * atomic nft transaction. The isolation actions and the start-up recovery synchronize on the one
 * instance they share, so isolate, release and recovery never interleave. Thread-safe.
 */
final class IsolationTable {
  static final int MAX_LISTING_CHARS = 4_000;

  private final Nftables nft;

  IsolationTable(Nftables nft) {
    this.nft = nft;
  }

  /** Whether the table exists. */
  boolean exists() throws NftablesException, InterruptedException {
    return nft.tableExists(IsolationRuleset.FAMILY, IsolationRuleset.TABLE);
  }

  /** Replaces the table (or creates it) with the one for {@code policy}, atomically. */
  void replace(IsolationPolicy policy) throws NftablesException, InterruptedException {
    nft.apply(IsolationRuleset.replace(policy));
  }

  /** Deletes the table; succeeds when there is none. */
  void remove() throws NftablesException, InterruptedException {
    nft.apply(IsolationRuleset.remove());
  }

  /** The table as nft lists it, cut at {@value #MAX_LISTING_CHARS} characters, for evidence. */
  String listing() throws InterruptedException {
    try {
      String ruleset =
          nft.listTable(IsolationRuleset.FAMILY, IsolationRuleset.TABLE).orElse("(no table)");
      return ruleset.length() <= MAX_LISTING_CHARS
          ? ruleset
          : ruleset.substring(0, MAX_LISTING_CHARS) + "\n... (truncated)";
    } catch (NftablesException e) {
      return "(listing failed: " + e.getMessage() + ")";
    }
  }
}
