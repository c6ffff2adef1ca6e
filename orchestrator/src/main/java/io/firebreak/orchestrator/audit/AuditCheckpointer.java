package io.firebreak.orchestrator.audit;

import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs the head of the audit chain every {@code interval} and once more when the process stops,
 * writing an {@link AuditCheckpoint} to {@code audit_checkpoints}; skips when the head has not
 * moved since the last checkpoint. A checkpoint pins the chain up to its seq: rewriting those rows,
 * even with every hash recomputed, no longer matches the signed hash. Rows appended after the last
 * checkpoint are protected by the chain only (deleting the newest rows is not detectable until a
 * checkpoint covers them). Thread-safe; {@link #checkpoint} may also be called directly.
 */
public final class AuditCheckpointer implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(AuditCheckpointer.class);

  private final AuditLog log;
  private final AuditSigningKey key;
  private final Duration interval;
  private final Clock clock;
  private ScheduledExecutorService executor;
  /** The seq of the newest checkpoint; -1 until read. Guarded by this. */
  private long lastSeq = -1;

  public AuditCheckpointer(AuditLog log, AuditSigningKey key, Duration interval, Clock clock) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the audit checkpoint interval must be positive, not " + interval);
    }
    this.log = log;
    this.key = key;
    this.interval = interval;
    this.clock = clock;
  }

  @Override
  public synchronized void start() {
    executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "audit-checkpointer");
      thread.setDaemon(true);
      return thread;
    });
    long millis = interval.toMillis();
    executor.scheduleWithFixedDelay(this::checkpointAndLogFailure, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() throws InterruptedException {
    ScheduledExecutorService running;
    synchronized (this) {
      running = executor;
      executor = null;
    }
    if (running != null) {
      running.shutdown();
      if (!running.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("The audit checkpointer did not finish within 10 s; signing the final checkpoint anyway");
      }
    }
    checkpointAndLogFailure();
  }

  /**
   * Signs and stores the current head, unless the log is empty or the head is already the newest
   * checkpoint.
   *
   * @return the checkpoint written, or empty if there was nothing new to sign
   */
  public synchronized Optional<AuditCheckpoint> checkpoint() {
    if (lastSeq < 0) {
      lastSeq = log.dao().lastCheckpoint().map(AuditCheckpoint::seq).orElse(0L);
    }
    ChainHead head = log.head();
    if (head.seq() == 0 || head.seq() <= lastSeq) {
      return Optional.empty();
    }
    Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    byte[] signature = key.sign(ChainHash.checkpointPayload(head.seq(), head.hash(), key.keyId(), at.toEpochMilli()));
    AuditCheckpoint checkpoint = new AuditCheckpoint(head.seq(), head.hash(),
        Base64.getEncoder().encodeToString(signature), key.keyId(), at);
    log.dao().insertCheckpoint(checkpoint);
    lastSeq = head.seq();
    LOG.debug("Audit checkpoint at seq {} signed with {}", head.seq(), key.keyId());
    return Optional.of(checkpoint);
  }

  private void checkpointAndLogFailure() {
    try {
      checkpoint();
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: log, and try at the next interval.
      LOG.error("Could not write the audit checkpoint: {}", e.getMessage(), e);
    }
  }
}
