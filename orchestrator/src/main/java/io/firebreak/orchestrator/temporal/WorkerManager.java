package io.firebreak.orchestrator.temporal;

import io.dropwizard.lifecycle.Managed;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;

/**
 * Starts and stops this process's Temporal workers. Workers are registered on the factory before
 * {@link #start}.
 */
public final class WorkerManager implements Managed {
  private final WorkerFactory factory;
  private final boolean sticky;

  /** @param sticky whether workers keep workflows cached between tasks (see {@link StickyExecution}) */
  public WorkerManager(WorkflowClient client, boolean sticky) {
    this.factory = WorkerFactory.newInstance(client);
    this.sticky = sticky;
  }

  public WorkerFactory factory() {
    return factory;
  }

  /**
   * Options every Firebreak worker starts from: with sticky execution, Temporal's defaults (a
   * sticky task waits up to 5 s for this worker before it goes to any worker); without, no sticky
   * queue at all (a zero timeout), which the embedded engine on its own needs (see {@link StickyExecution}).
   */
  public WorkerOptions.Builder workerOptions() {
    return sticky ? WorkerOptions.newBuilder()
        : WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO);
  }

  public boolean sticky() {
    return sticky;
  }

  @Override
  public void start() {
    factory.start();
  }

  @Override
  public void stop() {
    factory.shutdown();
    factory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
  }
}
