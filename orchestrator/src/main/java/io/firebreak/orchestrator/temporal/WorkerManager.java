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

  public WorkerManager(WorkflowClient client) {
    this.factory = WorkerFactory.newInstance(client);
  }

  public WorkerFactory factory() {
    return factory;
  }

  /**
   * Options every Firebreak worker starts from. Sticky queues are off: with them, the embedded
   * engine never hands a dead worker's workflow task to another worker and the workflow hangs.
   */
  public static WorkerOptions.Builder baseOptions() {
    return WorkerOptions.newBuilder().setStickyQueueScheduleToStartTimeout(Duration.ZERO);
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
