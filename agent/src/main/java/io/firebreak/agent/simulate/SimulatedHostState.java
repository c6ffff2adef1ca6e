package io.firebreak.agent.simulate;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory "host" that the simulated actions act on, observable by tests and benchmarks:
 * whether it is isolated, which accounts are disabled, which processes were killed, how many
 * credential rotations and evidence collections ran, and how many times each command id and each
 * action type was actually executed (a journal hit does not count), which proves exactly-once.
 * Lives as long as the process: an agent restart on the same state directory keeps its journal but
 * a new state starts empty. Thread-safe.
 */
public final class SimulatedHostState {
  private final String hostId;
  private final AtomicBoolean isolated = new AtomicBoolean();
  private final Set<String> disabledAccounts = ConcurrentHashMap.newKeySet();
  private final List<String> killedProcesses = new CopyOnWriteArrayList<>();
  private final AtomicInteger rotations = new AtomicInteger();
  private final AtomicInteger evidenceCollections = new AtomicInteger();
  private final Map<String, AtomicInteger> executionsByCommandId = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> executionsByAction = new ConcurrentHashMap<>();
  private final AtomicLong totalExecutions = new AtomicLong();

  public SimulatedHostState(String hostId) {
    this.hostId = hostId;
  }

  public String hostId() {
    return hostId;
  }

  public boolean isolated() {
    return isolated.get();
  }

  /** The accounts currently disabled, sorted. */
  public Set<String> disabledAccounts() {
    return Set.copyOf(new TreeSet<>(disabledAccounts));
  }

  /** The processes killed, in order. */
  public List<String> killedProcesses() {
    return List.copyOf(killedProcesses);
  }

  public int rotationCount() {
    return rotations.get();
  }

  public int evidenceCollections() {
    return evidenceCollections.get();
  }

  /** How many times the action of {@code commandId} ran on this host (0 if never). */
  public int executions(String commandId) {
    AtomicInteger count = executionsByCommandId.get(commandId);
    return count == null ? 0 : count.get();
  }

  /** How many times an action of type {@code action} ran on this host. */
  public int executionsOfAction(String action) {
    AtomicInteger count = executionsByAction.get(action);
    return count == null ? 0 : count.get();
  }

  /** Executions per command id, sorted by id. */
  public Map<String, Integer> executionsByCommandId() {
    Map<String, Integer> copy = new TreeMap<>();
    executionsByCommandId.forEach((id, count) -> copy.put(id, count.get()));
    return copy;
  }

  /** How many actions ran on this host in total. */
  public long totalExecutions() {
    return totalExecutions.get();
  }

  void recordExecution(String commandId, String action) {
    executionsByCommandId.computeIfAbsent(commandId, id -> new AtomicInteger()).incrementAndGet();
    executionsByAction.computeIfAbsent(action, type -> new AtomicInteger()).incrementAndGet();
    totalExecutions.incrementAndGet();
  }

  /** Sets the isolation flag; returns the previous value. */
  boolean setIsolated(boolean value) {
    return isolated.getAndSet(value);
  }

  /** Returns true if the account was enabled before. */
  boolean disableAccount(String account) {
    return disabledAccounts.add(account);
  }

  /** Returns true if the account was disabled before. */
  boolean enableAccount(String account) {
    return disabledAccounts.remove(account);
  }

  void killProcess(String process) {
    killedProcesses.add(process);
  }

  int rotateCredential() {
    return rotations.incrementAndGet();
  }

  int collectEvidence() {
    return evidenceCollections.incrementAndGet();
  }
}
