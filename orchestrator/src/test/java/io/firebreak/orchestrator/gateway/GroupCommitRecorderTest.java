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
  private final Target target = new Target();
  private final GroupCommitRecorder recorder = new GroupCommitRecorder(target);

  @AfterEach
  void tearDown() throws InterruptedException {
    target.gate.complete(null);
    recorder.stop();
    callers.shutdownNow();
  }

  /** A target that records what it was given, one call per write; the first write waits for a gate. */
  private static final class Target implements ResultRecorder {
    final List<List<Batch>> writes = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch firstWriteStarted = new CountDownLatch(1);
    final CompletableFuture<Void> gate = new CompletableFuture<>();

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
    Future<?> first = occupyTheWriter();
    List<Future<?>> waiting = IntStream.range(1, 6).<Future<?>>mapToObj(i -> record("inc-" + i, 3)).toList();
    awaitQueued(5);

    assertThat(first.isDone()).as("the first caller waits while its batch is being written").isFalse();
    target.gate.complete(null);
    awaitAll(first, waiting);

    assertThat(target.writes).hasSize(2);
    assertThat(target.writes.get(0)).extracting(Batch::incidentId).containsExactly("inc-0");
    assertThat(target.writes.get(1)).extracting(Batch::incidentId)
        .containsExactlyInAnyOrder("inc-1", "inc-2", "inc-3", "inc-4", "inc-5");
  }

  @Test
  void aBatchThatFails_failsOnlyItsOwnCaller() throws Exception {
    Future<?> first = occupyTheWriter();
    Future<?> good = record("inc-good", 1);
    awaitQueued(1);
    Future<?> bad = record("inc-bad", 1);
    awaitQueued(2);

    target.gate.complete(null);
    awaitAll(first, List.of(good));
    assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class)
        .hasRootCauseMessage("bad batch");

    assertThat(target.incidentsWritten()).containsExactly("inc-0", "inc-good");
  }

  @Test
  void stop_writesWhatWasQueued_thenRefusesMore() throws Exception {
    Future<?> first = occupyTheWriter();
    Future<?> queued = record("inc-1", 1);
    awaitQueued(1);

    Future<?> stopping = callers.submit(() -> {
      recorder.stop();
      return null;
    });
    awaitQueued(2); // inc-1, then the stop marker: admission is closed
    assertThatThrownBy(() -> recorder.record("inc-late", "isolate", "isolate-host", results(1)))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped");
    assertThat(stopping.isDone()).as("stop waits for the queue to be written").isFalse();
    target.gate.complete(null);
    stopping.get(10, TimeUnit.SECONDS);
    awaitAll(first, List.of(queued));

    assertThat(target.incidentsWritten()).containsExactly("inc-0", "inc-1");
  }

  @Test
  void groupsStopAtTheirRowLimit() throws Exception {
    Future<?> first = occupyTheWriter();
    int half = GroupCommitRecorder.MAX_GROUP_ROWS / 2;
    List<Future<?>> waiting = IntStream.range(1, 4).<Future<?>>mapToObj(i -> record("inc-" + i, half)).toList();
    awaitQueued(3);

    target.gate.complete(null);
    awaitAll(first, waiting);

    assertThat(target.writes).extracting(List::size).containsExactly(1, 2, 1);
  }

  /** Records inc-0 and returns once the writer is writing it (held at the target's gate). */
  private Future<?> occupyTheWriter() throws InterruptedException {
    Future<?> first = record("inc-0", 1);
    assertThat(target.firstWriteStarted.await(10, TimeUnit.SECONDS)).as("the writer took inc-0").isTrue();
    return first;
  }

  private Future<?> record(String incident, int hosts) {
    return callers.submit(() -> recorder.record(incident, "isolate", "isolate-host", results(hosts)));
  }

  private static void awaitAll(Future<?> first, List<Future<?>> others) throws Exception {
    first.get(10, TimeUnit.SECONDS);
    for (Future<?> caller : others) {
      caller.get(10, TimeUnit.SECONDS);
    }
  }

  private void awaitQueued(int batches) throws InterruptedException {
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
