package io.firebreak.orchestrator.gateway;

import io.dropwizard.lifecycle.Managed;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for the dispatch activities' results: batches recorded at the same time by
 * different activities are written together, by one writer thread, in one {@link
 * ResultRecorder#recordAll} call. A partition's batches all record while the others' answers
 * arrive; on their own they cost a commit each, and a commit of the file database writes out every
 * page it changed, which was a third of the cost of recording.
 *
 * <p>{@link #record} returns when its batch is durable, as the target's does: a caller that then
 * reports the batch as recorded (to Temporal) never reports something a crash could lose. A
 * writer that is idle takes a batch at once, so grouping adds no wait; batches that arrive while
 * it writes form the next group, up to {@link #MAX_GROUP_ROWS} results. If a group fails, its
 * batches are written again one by one, so a bad batch fails only its own caller. Thread-safe.
 */
public final class GroupCommitRecorder implements ResultRecorder, Managed {
  /** The most results written in one group (a batch larger than this is written on its own). */
  static final int MAX_GROUP_ROWS = 2_000;

  private static final Logger LOG = LoggerFactory.getLogger(GroupCommitRecorder.class);
  private static final Pending STOP = new Pending(null, null);

  private final ResultRecorder target;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final Thread writer;
  private final Object admission = new Object();
  private boolean closed; // guarded by admission

  private record Pending(Batch batch, CompletableFuture<Void> written) {}

  public GroupCommitRecorder(ResultRecorder target) {
    this.target = Objects.requireNonNull(target, "target");
    writer = new Thread(this::writeGroups, "result-recorder");
    writer.setDaemon(true);
    writer.start();
  }

  /**
   * Stores {@code results} with whatever other batches are waiting; returns when they are durable.
   *
   * @throws IllegalStateException after {@link #stop}
   * @throws RuntimeException what the target threw for this batch
   */
  @Override
  public void record(String incidentId, String step, String action, List<RecordedResult> results) {
    if (results.isEmpty()) {
      return;
    }
    Pending pending = new Pending(new Batch(incidentId, step, action, results), new CompletableFuture<>());
    synchronized (admission) {
      if (closed) {
        throw new IllegalStateException("the result recorder is stopped (the orchestrator is shutting down)");
      }
      queue.add(pending);
    }
    try {
      pending.written().get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw new IllegalStateException("could not record " + results.size() + " results of " + incidentId,
          e.getCause());
    } catch (InterruptedException e) {
      // The batch stays queued and is written; the caller only stops waiting for it.
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while recording results of " + incidentId, e);
    }
  }

  /** Records each batch in turn, as {@link #record}. */
  @Override
  public void recordAll(List<Batch> batches) {
    for (Batch batch : batches) {
      record(batch.incidentId(), batch.step(), batch.action(), batch.results());
    }
  }

  /** Writes what was queued before it, then stops the writer; later batches are refused. */
  @Override
  public void stop() throws InterruptedException {
    synchronized (admission) {
      if (closed) {
        return;
      }
      closed = true;
      queue.add(STOP);
    }
    writer.join(TimeUnit.SECONDS.toMillis(30));
    if (writer.isAlive()) {
      LOG.warn("The result recorder did not finish its queue within 30 s");
    }
  }

  /** Entries waiting for the writer: batches, and the stop marker once {@link #stop} ran. */
  int queued() {
    return queue.size();
  }

  private void writeGroups() {
    List<Pending> group = new ArrayList<>();
    while (true) {
      Pending first;
      try {
        first = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (first == STOP) {
        return;
      }
      group.add(first);
      int rows = first.batch().results().size();
      // Only this thread takes from the queue: what peek sees, poll returns.
      for (Pending next; rows < MAX_GROUP_ROWS && (next = queue.peek()) != null && next != STOP
          && rows + next.batch().results().size() <= MAX_GROUP_ROWS; ) {
        group.add(queue.poll());
        rows += next.batch().results().size();
      }
      write(group);
      group.clear();
    }
  }

  private void write(List<Pending> group) {
    if (group.size() > 1) {
      try {
        target.recordAll(group.stream().map(Pending::batch).toList());
        group.forEach(pending -> pending.written().complete(null));
        return;
      } catch (RuntimeException e) {
        LOG.debug("A group of {} result batches failed ({}); writing them one by one", group.size(), e.toString());
      }
    }
    for (Pending pending : group) {
      try {
        target.recordAll(List.of(pending.batch()));
        pending.written().complete(null);
      } catch (Throwable e) { // never let the writer die: its callers would wait forever
        pending.written().completeExceptionally(e);
      }
    }
  }
}
