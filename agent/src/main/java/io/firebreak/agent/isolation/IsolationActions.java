package io.firebreak.agent.isolation;

import io.firebreak.agent.action.Action;
import java.util.List;

/**
 * The real {@code isolate-host} and {@code release-host} actions, sharing one {@link
 * IsolationTable} so they never run at the same time. They need the {@code nft} binary and
 * CAP_NET_ADMIN (root) in the agent's network namespace.
 */
public final class IsolationActions {
  private IsolationActions() {}

  /**
   * Both actions with {@code settings}, using nft from its usual location.
   *
   * @throws IllegalStateException naming the problem if nft cannot be run or may not read the
   *     ruleset (not installed, or no CAP_NET_ADMIN)
   */
  public static List<Action> create(IsolationSettings settings) throws InterruptedException {
    Nftables nft = Nftables.system(settings.nftTimeout());
    try {
      nft.probe();
    } catch (Nftables.NftablesException e) {
      throw new IllegalStateException(
          "nftables is not usable (the agent needs the nft binary and CAP_NET_ADMIN or root): "
              + e.getMessage(),
          e);
    }
    IsolationTable table = new IsolationTable(nft);
    return List.of(new IsolateHost(table, settings), new ReleaseHost(table, settings));
  }
}
