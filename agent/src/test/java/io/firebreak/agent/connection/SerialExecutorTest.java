package io.firebreak.agent.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {
  @Test
  void execute_runsTasksOneAtATimeInSubmissionOrder() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      SerialExecutor serial = new SerialExecutor(pool);
      List<Integer> order = new CopyOnWriteArrayList<>();
      AtomicInteger running = new AtomicInteger();
      AtomicInteger maxRunning = new AtomicInteger();
      CountDownLatch done = new CountDownLatch(200);
      for (int task = 0; task < 200; task++) {
        int number = task;
        serial.execute(
            () -> {
              maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
              order.add(number);
              running.decrementAndGet();
              done.countDown();
            });
      }
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(maxRunning.get()).isEqualTo(1);
      assertThat(order).isSorted().hasSize(200);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void execute_keepsGoingAfterAFailingTask() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      SerialExecutor serial = new SerialExecutor(pool);
      CountDownLatch ran = new CountDownLatch(1);
      serial.execute(
          () -> {
            throw new IllegalStateException("boom");
          });
      serial.execute(ran::countDown);
      assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }
}
