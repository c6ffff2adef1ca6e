package io.firebreak.orchestrator.gateway;

import java.util.ArrayList;
import java.util.List;

/**
 * What one dispatch batch came to, as the workflow keeps it: every host that did not succeed, with
 * its outcome and detail, and how many hosts succeeded. Succeeded hosts are not listed (their rows,
 * with evidence, are in the database), so a clean batch of 500 hosts adds a few bytes to the
 * workflow's history instead of over 40 KB that every replay of the history reads again.
 *
 * <p>Results recorded by earlier versions list every host, with {@code succeeded} absent (0): they
 * count the same. Heartbeat details use the full form too (every host answered so far, so a retried
 * attempt skips them).
 *
 * @param results hosts that did not succeed, in request order (or, in the full form, every host)
 * @param succeeded succeeded hosts that are not in {@code results}
 */
public record DispatchResult(List<HostResult> results, int succeeded) {

  /** The full form: every host listed. */
  public DispatchResult(List<HostResult> results) {
    this(results, 0);
  }

  /** The workflow's form of {@code all}: the hosts that did not succeed, and a count of those that did. */
  public static DispatchResult summarized(List<HostResult> all) {
    List<HostResult> listed = new ArrayList<>();
    int succeeded = 0;
    for (HostResult host : all) {
      if (host.outcome() == HostOutcome.SUCCEEDED) {
        succeeded++;
      } else {
        listed.add(host);
      }
    }
    return new DispatchResult(List.copyOf(listed), succeeded);
  }
}
