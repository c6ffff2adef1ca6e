package io.firebreak.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Samples this JVM's used heap every 20 ms and keeps the peak. */
final class HeapSampler {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private volatile long peakBytes;
  private volatile boolean running;
  private Thread thread;

  void start() {
    running = true;
    thread = new Thread(() -> {
      while (running) {
        peakBytes = Math.max(peakBytes, memory.getHeapMemoryUsage().getUsed());
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  void stop() throws InterruptedException {
    running = false;
    thread.join();
  }

  long peakMiB() {
    return peakBytes / (1024 * 1024);
  }
}
