package io.firebreak.agent.connection;

import io.firebreak.proto.agent.v1.Welcome;
import io.grpc.Status;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A listener that passes every event on and wakes up threads waiting for a connection condition
 * (e.g. "at least 100 hosts are connected"), which they re-check after each event. Thread-safe.
 */
public final class ConnectionWaiter implements ConnectionListener {
  private final ConnectionListener next;

  /** Passes events on to {@code next}. */
  public ConnectionWaiter(ConnectionListener next) {
    this.next = next;
  }

  @Override
  public void connected(String hostId, Welcome welcome) {
    next.connected(hostId, welcome);
    signal();
  }

  @Override
  public void disconnected(String hostId, Status status) {
    next.disconnected(hostId, status);
    signal();
  }

  /** Wakes up waiters so they re-check their condition. */
  public synchronized void signal() {
    notifyAll();
  }

  /** Waits until {@code condition} holds; false if it still does not after {@code timeout}. */
  public synchronized boolean await(BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
      if (remainingMs <= 0) {
        return false;
      }
      wait(remainingMs);
    }
    return true;
  }
}
