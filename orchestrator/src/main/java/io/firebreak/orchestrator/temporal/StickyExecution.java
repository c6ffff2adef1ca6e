package io.firebreak.orchestrator.temporal;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether workers keep workflows in their cache between tasks (Temporal's sticky execution).
 *
 * <p>With it, a worker applies each new workflow task to the workflow it holds in memory; without
 * it, every task replays the workflow's whole history (a partition workflow of 10,000 hosts replays
 * its host pages and batches on every task). A Temporal cluster moves a dead worker's sticky tasks
 * to the normal queue after a few seconds, so there it is on. The embedded engine (Temporal's test
 * server) never does, so a workflow whose task waits for a killed worker would hang: where the
 * engine runs on its own ({@code firebreak temporal}) and workers come and go, it is off. Where the
 * engine runs in this process, the workers cannot die without it (and the workflows with it), so
 * it is on.
 *
 * <p>{@code auto} (the default) decides so: on for the engine in this process; for an external
 * service, on if it reports a version (a cluster does, the engine on its own does not). {@code on}
 * and {@code off} force it; YAML's {@code true} and {@code false} (what an unquoted {@code on} and
 * {@code off} become) mean the same.
 */
public final class StickyExecution {
  private static final Logger LOG = LoggerFactory.getLogger(StickyExecution.class);

  private StickyExecution() {}

  /**
   * The decision for {@code setting} ("auto", "on" or "off").
   *
   * @param embedded whether the engine runs in this process
   * @param serverVersion the service's version, asked only for "auto" with an external service;
   *     empty for the embedded engine run on its own
   */
  public static boolean decide(String setting, boolean embedded, Supplier<String> serverVersion) {
    switch (setting.toLowerCase(Locale.ROOT)) {
      case "on", "true":
        return true;
      case "off", "false":
        return false;
      case "auto":
        return embedded || !serverVersion.get().isBlank();
      default:
        throw new IllegalArgumentException(
            "temporal.stickyExecution must be auto, on or off, not '" + setting + "'");
    }
  }

  /** The service's version as it reports it; empty when it reports none or cannot be asked. */
  public static String serverVersion(WorkflowServiceStubs stubs, String frontend) {
    try {
      return stubs.blockingStub().withDeadlineAfter(10, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance()).getServerVersion();
    } catch (RuntimeException e) {
      LOG.warn("Could not ask the Temporal service at {} for its version ({}); sticky execution stays off"
          + " (set temporal.stickyExecution: on for a Temporal cluster)", frontend, e.getMessage());
      return "";
    }
  }
}
