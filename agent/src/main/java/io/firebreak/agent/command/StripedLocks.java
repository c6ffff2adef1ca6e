package io.firebreak.agent.command;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/** A fixed set of locks chosen by key hash: equal keys always share a lock. Thread-safe. */
final class StripedLocks {
  private final Lock[] locks;

  StripedLocks(int stripes) {
    locks = new Lock[stripes];
    for (int index = 0; index < stripes; index++) {
      locks[index] = new ReentrantLock();
    }
  }

  Lock forKey(String key) {
    return locks[Math.floorMod(key.hashCode(), locks.length)];
  }
}
