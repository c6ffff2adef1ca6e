package io.firebreak.agent.connection;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: a host's commands execute in
 * the order its gateway sent them without holding a thread per host. Thread-safe.
 */
final class SerialExecutor implements Executor {
  private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

  private final Executor delegate;
  private final Queue<Runnable> queue = new ArrayDeque<>();
  private boolean running;

  SerialExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void execute(Runnable task) {
    synchronized (this) {
      queue.add(task);
      if (running) {
        return;
      }
      running = true;
    }
    schedule();
  }

  private void schedule() {
    try {
      delegate.execute(this::drain);
    } catch (RejectedExecutionException e) {
      synchronized (this) {
        queue.clear();
        running = false;
      }
      log.debug("executor is shut down; dropped queued commands");
    }
  }

  private void drain() {
    Runnable task;
    synchronized (this) {
      task = queue.poll();
      if (task == null) {
        running = false;
        return;
      }
    }
    try {
      task.run();
    } catch (RuntimeException e) {
      log.error("command task failed", e);
    }
    // One task per turn, then yield the thread back to the shared pool for fairness across hosts.
    schedule();
  }
}
