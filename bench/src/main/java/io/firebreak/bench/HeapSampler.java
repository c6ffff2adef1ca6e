package io.firebreak.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * This JVM's heap while the measured runs go: the peak of the used heap sampled every 20 ms
 * (garbage included, so it depends on when the collector ran) and the peak of the heap in use right
 * after each collection (what the process really holds), and the maximum the JVM may grow to.
 */
final class HeapSampler {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final List<Runnable> unsubscribe = new ArrayList<>();
  private volatile long peakBytes;
  private volatile long peakAfterGcBytes;
  private volatile boolean running;
  private Thread thread;

  void start() {
    running = true;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter emitter) {
        NotificationListener listener = (notification, handback) -> {
          if (running && GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
            long after = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData()).getGcInfo()
                .getMemoryUsageAfterGc().values().stream().mapToLong(MemoryUsage::getUsed).sum();
            peakAfterGcBytes = Math.max(peakAfterGcBytes, after);
          }
        };
        emitter.addNotificationListener(listener, null, null);
        unsubscribe.add(() -> {
          try {
            emitter.removeNotificationListener(listener);
          } catch (javax.management.ListenerNotFoundException ignored) {
            // already gone
          }
        });
      }
    }
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
    unsubscribe.forEach(Runnable::run);
  }

  long peakMiB() {
    return peakBytes / (1024 * 1024);
  }

  /** Peak heap in use right after a collection; 0 if none ran while sampling. */
  long peakAfterGcMiB() {
    return peakAfterGcBytes / (1024 * 1024);
  }

  /** The most heap this JVM may use (-Xmx, or the JVM's default for this machine). */
  long maxMiB() {
    return memory.getHeapMemoryUsage().getMax() / (1024 * 1024);
  }
}
