package io.firebreak.orchestrator.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.orchestrator.gateway.ResultRecorder.Batch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitRecorderTest {
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() {
    callers.shutdownNow();
  }

  /** A target that records what it was given, one call per write; the first write waits for a gate. */
  private static final class Target implements ResultRecorder {
    final List<List<Batch>> writes = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch firstWriteStarted = new CountDownLatch(1);
    final CompletableFuture<Void> gate = new CompletableFuture<>();

    @Override
    public void record(String incidentId, String step, String action, List<RecordedResult> results) {
      recordAll(List.of(new Batch(incidentId, step, action, results)));
    }

    @Override
    public void recordAll(List<Batch> batches) {
      firstWriteStarted.countDown();
      gate.join();
      if (batches.stream().anyMatch(batch -> batch.incidentId().equals("inc-bad"))) {
        throw new IllegalArgumentException("bad batch");
      }
      writes.add(batches);
    }

    List<String> incidentsWritten() {
      synchronized (writes) {
        return writes.stream().flatMap(List::stream).map(Batch::incidentId).toList();
      }
    }
  }

  @Test
  void batchesArrivingWhileTheWriterWrites_areWrittenTogether_andEachCallerReturnsOnceItsBatchIsWritten()
      throws Exception {
    Target target = new Target();
    GroupCommitRecorder recorder = new GroupCommitRecorder(target);
    Future<?> first = callers.submit(() -> recorder.record("inc-0", "isolate", "isolate-host", results(3)));
    assertThat(target.firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();
    List<Future<?>> waiting = IntStream.range(1, 6).<Future<?>>mapToObj(i ->
        callers.submit(() -> recorder.record("inc-" + i, "isolate", "isolate-host", results(3)))).toList();
    awaitQueued(recorder, 5);

    assertThat(first.isDone()).as("the first caller waits while its batch is being written").isFalse();
    target.gate.complete(null);
    first.get(10, TimeUnit.SECONDS);
    for (Future<?> caller : waiting) {
      caller.get(10, TimeUnit.SECONDS);
    }

    assertThat(target.writes).hasSize(2);
    assertThat(target.writes.get(0)).extracting(Batch::incidentId).containsExactly("inc-0");
    assertThat(target.writes.get(1)).extracting(Batch::incidentId)
        .containsExactlyInAnyOrder("inc-1", "inc-2", "inc-3", "inc-4", "inc-5");
    recorder.stop();
  }

  @Test
  void aBatchThatFails_failsOnlyItsOwnCaller() throws Exception {
    Target target = new Target();
    GroupCommitRecorder recorder = new GroupCommitRecorder(target);
    Future<?> first = callers.submit(() -> recorder.record("inc-0", "isolate", "isolate-host", results(1)));
    assertThat(target.firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();
    Future<?> good = callers.submit(() -> recorder.record("inc-good", "isolate", "isolate-host", results(1)));
    awaitQueued(recorder, 1);
    Future<?> bad = callers.submit(() -> recorder.record("inc-bad", "isolate", "isolate-host", results(1)));
    awaitQueued(recorder, 2);

    target.gate.complete(null);
    first.get(10, TimeUnit.SECONDS);
    good.get(10, TimeUnit.SECONDS);
    assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class)
        .hasRootCauseMessage("bad batch");

    assertThat(target.incidentsWritten()).containsExactly("inc-0", "inc-good");
    recorder.stop();
  }

  @Test
  void stop_writesWhatWasQueued_thenRefusesMore() throws Exception {
    Target target = new Target();
    GroupCommitRecorder recorder = new GroupCommitRecorder(target);
    Future<?> first = callers.submit(() -> recorder.record("inc-0", "isolate", "isolate-host", results(1)));
    assertThat(target.firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();
    Future<?> queued = callers.submit(() -> recorder.record("inc-1", "isolate", "isolate-host", results(1)));
    awaitQueued(recorder, 1);

    Future<?> stopping = callers.submit(() -> {
      recorder.stop();
      return null;
    });
    awaitQueued(recorder, 2); // inc-1, then the stop marker: admission is closed
    assertThatThrownBy(() -> recorder.record("inc-late", "isolate", "isolate-host", results(1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped");
    assertThat(stopping.isDone()).as("stop waits for the queue to be written").isFalse();
    target.gate.complete(null);
    stopping.get(10, TimeUnit.SECONDS);
    first.get(10, TimeUnit.SECONDS);
    queued.get(10, TimeUnit.SECONDS);

    assertThat(target.incidentsWritten()).containsExactly("inc-0", "inc-1");
  }

  @Test
  void groupsStopAtTheirRowLimit() throws Exception {
    Target target = new Target();
    GroupCommitRecorder recorder = new GroupCommitRecorder(target);
    Future<?> first = callers.submit(() -> recorder.record("inc-0", "isolate", "isolate-host", results(1)));
    assertThat(target.firstWriteStarted.await(10, TimeUnit.SECONDS)).isTrue();
    int half = GroupCommitRecorder.MAX_GROUP_ROWS / 2;
    List<Future<?>> waiting = IntStream.range(1, 4).<Future<?>>mapToObj(i ->
        callers.submit(() -> recorder.record("inc-" + i, "isolate", "isolate-host", results(half)))).toList();
    awaitQueued(recorder, 3);

    target.gate.complete(null);
    first.get(10, TimeUnit.SECONDS);
    for (Future<?> caller : waiting) {
      caller.get(10, TimeUnit.SECONDS);
    }

    assertThat(target.writes).extracting(List::size).containsExactly(1, 2, 1);
    recorder.stop();
  }

  private static void awaitQueued(GroupCommitRecorder recorder, int batches) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (recorder.queued() < batches) {
      assertThat(System.nanoTime()).as("%d batches queued in time", batches).isLessThan(deadline);
      Thread.sleep(2);
    }
  }

  private static List<RecordedResult> results(int hosts) {
    return IntStream.range(0, hosts).mapToObj(i -> new RecordedResult("web-" + i, "blue", "cmd-" + i,
        HostOutcome.SUCCEEDED, "ok", false, Map.of(), 1, 2)).toList();
  }
}
