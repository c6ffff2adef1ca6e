package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.DispatchActivities;
import io.firebreak.orchestrator.gateway.DispatchRequest;
import io.firebreak.orchestrator.gateway.DispatchResult;
import io.firebreak.orchestrator.gateway.HostOutcome;
import io.firebreak.orchestrator.gateway.HostResult;
import io.firebreak.orchestrator.gateway.TargetHost;
import io.firebreak.orchestrator.gateway.TaskQueues;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one step inside the incident workflow: hosts grouped by the gateway holding their stream,
 * chunked into batches, one dispatch activity per batch on that gateway's task queue, all batches
 * in parallel. A batch whose gateway fails is re-routed (hosts re-located, only those not answered
 * in the last heartbeat) at most {@link #MAX_REROUTES} times; a host is never waited on forever.
 */
final class StepDispatcher {
  static final int MAX_REROUTES = 2;
  static final Duration OFFLINE_POLL = Duration.ofSeconds(5);

  private final String incidentId;
  private final IncidentActivities database;
  private final Runnable recordProgress;
  private final long epoch;
  private final String grantId;
  /** Host → the step in which it was found unreachable (it is skipped afterwards). */
  private final Map<String, String> unreachableIn;
  /** Hosts with a problem outcome in the current {@link #run} call. */
  private final java.util.Set<String> problems = new java.util.HashSet<>();

  /**
   * @param epoch carried by every command: forward steps use 1, a rollback a higher one, so agents
   *     refuse a delayed forward command once the rollback reached them
   */
  StepDispatcher(String incidentId, IncidentActivities database, Runnable recordProgress, long epoch) {
    this(incidentId, database, recordProgress, epoch, Map.of(), "");
  }

  /** As above, remembering hosts found unreachable by an earlier run (continue-as-new). */
  StepDispatcher(String incidentId, IncidentActivities database, Runnable recordProgress, long epoch,
      Map<String, String> unreachableIn, String grantId) {
    this.grantId = grantId == null ? "" : grantId;
    this.incidentId = incidentId;
    this.database = database;
    this.recordProgress = recordProgress;
    this.epoch = epoch;
    this.unreachableIn = new HashMap<>(unreachableIn);
  }

  /** Host → the step it was found unreachable in, so far. */
  Map<String, String> unreachableIn() {
    return Map.copyOf(unreachableIn);
  }

  /**
   * Runs {@code step} on {@code hosts} (one wave), at most {@code maxConcurrency} hosts in flight.
   *
   * @return the hosts with a problem outcome in this call (skipped hosts are not problems)
   */
  java.util.Set<String> run(StepSpec step, StepProgress progress, List<TargetHost> hosts, int maxConcurrency) {
    return run(step, progress, hosts, maxConcurrency, 0);
  }

  /**
   * As {@link #run(StepSpec, StepProgress, List, int)}, waiting up to {@code offlineWaitMs} for
   * hosts that are not connected to any gateway (re-locating them every few seconds) while the
   * connected ones are dispatched.
   */
  java.util.Set<String> run(StepSpec step, StepProgress progress, List<TargetHost> hosts, int maxConcurrency,
      long offlineWaitMs) {
    problems.clear();
    progress.start();
    List<HostResult> decidedHere = new ArrayList<>();
    List<TargetHost> offline = new ArrayList<>();
    Map<String, List<TargetHost>> byGateway = new LinkedHashMap<>();
    for (TargetHost host : hosts) {
      String earlier = unreachableIn.get(host.hostId());
      if (earlier != null) {
        decidedHere.add(result(host, HostOutcome.SKIPPED, "unreachable in step " + earlier));
      } else if (host.gatewayId() == null && offlineWaitMs > 0) {
        offline.add(host);
      } else if (host.gatewayId() == null) {
        decidedHere.add(result(host, HostOutcome.UNREACHABLE, "not connected to any gateway"));
      } else {
        byGateway.computeIfAbsent(host.gatewayId(), gateway -> new ArrayList<>()).add(host);
      }
    }
    settle(step, progress, decidedHere);
    List<Promise<Void>> batches = new ArrayList<>();
    int cap = maxConcurrency > 0 ? maxConcurrency : Integer.MAX_VALUE;
    int inFlight = 0;
    for (Map.Entry<String, List<TargetHost>> entry : byGateway.entrySet()) {
      List<TargetHost> gatewayHosts = entry.getValue();
      for (int from = 0; from < gatewayHosts.size(); from += step.batchSize()) {
        List<TargetHost> batch = List.copyOf(gatewayHosts.subList(from, Math.min(gatewayHosts.size(), from + step.batchSize())));
        if (inFlight > 0 && inFlight + batch.size() > cap) {
          // The concurrency cap: wait for what is in flight before sending more.
          Promise.allOf(batches).get();
          inFlight = 0;
        }
        inFlight += batch.size();
        batches.add(Async.procedure(() -> dispatch(step, progress, entry.getKey(), batch, 0)));
      }
    }
    if (!offline.isEmpty()) {
      batches.add(Async.procedure(() -> awaitOffline(step, progress, offline, offlineWaitMs)));
    }
    Promise.allOf(batches).get();
    recordProgress.run();
    return java.util.Set.copyOf(problems);
  }

  /** Re-locates offline hosts until they connect (then dispatches them) or the wait is over. */
  private void awaitOffline(StepSpec step, StepProgress progress, List<TargetHost> offline, long waitMs) {
    long deadline = Workflow.currentTimeMillis() + waitMs;
    List<String> waiting = offline.stream().map(TargetHost::hostId).toList();
    List<Promise<Void>> sent = new ArrayList<>();
    while (!waiting.isEmpty() && Workflow.currentTimeMillis() < deadline) {
      Workflow.sleep(Duration.ofMillis(Math.min(OFFLINE_POLL.toMillis(), deadline - Workflow.currentTimeMillis())));
      List<String> stillOffline = new ArrayList<>();
      Map<String, List<TargetHost>> back = new LinkedHashMap<>();
      for (TargetHost host : database.locate(waiting)) {
        if (host.gatewayId() == null) {
          stillOffline.add(host.hostId());
        } else {
          back.computeIfAbsent(host.gatewayId(), gateway -> new ArrayList<>()).add(host);
        }
      }
      back.forEach((gateway, hosts) -> sent.add(Async.procedure(() -> dispatch(step, progress, gateway, hosts, 0))));
      waiting = stillOffline;
    }
    Promise.allOf(sent).get();
    String why = "not connected to any gateway within " + Duration.ofMillis(waitMs).toSeconds() + " s";
    java.util.Set<String> gaveUp = java.util.Set.copyOf(waiting);
    settle(step, progress, offline.stream().filter(host -> gaveUp.contains(host.hostId()))
        .map(host -> result(host, HostOutcome.UNREACHABLE, why)).toList());
  }

  private void dispatch(StepSpec step, StepProgress progress, String gateway, List<TargetHost> batch, int reroutes) {
    DispatchRequest request = new DispatchRequest(incidentId, step.name(), step.action(), step.parameters(), batch,
        epoch, step.hostTimeoutMs(), grantId);
    try {
      DispatchResult result = stub(gateway, step).dispatch(request);
      result.results().forEach(host -> count(step, progress, host));
      progress.countSucceeded(result.succeeded());
      recordProgress.run();
    } catch (ActivityFailure failure) {
      Map<String, HostResult> answered = new HashMap<>();
      lastHeartbeat(failure).forEach(host -> answered.put(host.hostId(), host));
      answered.values().forEach(host -> count(step, progress, host));
      List<String> remaining = batch.stream().map(TargetHost::hostId).filter(id -> !answered.containsKey(id)).toList();
      if (remaining.isEmpty()) {
        return;
      }
      if (reroutes >= MAX_REROUTES) {
        String why = "gateway " + gateway + " did not complete the batch: " + IncidentWorkflowImpl.rootMessage(failure);
        settle(step, progress, batch.stream().filter(host -> remaining.contains(host.hostId()))
            .map(host -> result(host, HostOutcome.UNREACHABLE, why)).toList());
        return;
      }
      reroute(step, progress, database.locate(remaining), reroutes + 1);
    }
  }

  private void reroute(StepSpec step, StepProgress progress, List<TargetHost> located, int reroutes) {
    Map<String, List<TargetHost>> byGateway = new LinkedHashMap<>();
    List<HostResult> offline = new ArrayList<>();
    for (TargetHost host : located) {
      if (host.gatewayId() == null) {
        offline.add(result(host, HostOutcome.UNREACHABLE, "its gateway failed and it has not reconnected"));
      } else {
        byGateway.computeIfAbsent(host.gatewayId(), gateway -> new ArrayList<>()).add(host);
      }
    }
    settle(step, progress, offline);
    byGateway.forEach((gateway, hosts) -> dispatch(step, progress, gateway, hosts, reroutes));
  }

  /** Counts and records results that no dispatch activity recorded. */
  private void settle(StepSpec step, StepProgress progress, List<HostResult> results) {
    if (results.isEmpty()) {
      return;
    }
    results.forEach(host -> count(step, progress, host));
    database.recordHostResults(new HostResultBatch(incidentId, step.name(), step.action(), epoch, results));
    recordProgress.run();
  }

  private void count(StepSpec step, StepProgress progress, HostResult result) {
    progress.count(result);
    if (result.outcome().isProblem() && result.outcome() != HostOutcome.SKIPPED) {
      problems.add(result.hostId());
    }
    if (result.outcome() == HostOutcome.UNREACHABLE) {
      unreachableIn.putIfAbsent(result.hostId(), step.name());
    }
  }

  private static List<HostResult> lastHeartbeat(ActivityFailure failure) {
    if (failure.getCause() instanceof TimeoutFailure timeout
        && timeout.getLastHeartbeatDetails() != null && timeout.getLastHeartbeatDetails().getSize() > 0) {
      return timeout.getLastHeartbeatDetails().get(DispatchResult.class).results();
    }
    return List.of();
  }

  private static HostResult result(TargetHost host, HostOutcome outcome, String detail) {
    return new HostResult(host.hostId(), host.partition(), outcome, detail, false, Workflow.currentTimeMillis());
  }

  private static DispatchActivities stub(String gateway, StepSpec step) {
    return Workflow.newActivityStub(DispatchActivities.class, ActivityOptions.newBuilder()
        .setTaskQueue(TaskQueues.gateway(gateway))
        // A dead gateway's queue is never polled: give up and re-route.
        .setScheduleToStartTimeout(Duration.ofSeconds(30))
        .setStartToCloseTimeout(Duration.ofMillis(step.hostTimeoutMs()).plusSeconds(60))
        .setHeartbeatTimeout(Duration.ofSeconds(5))
        .setRetryOptions(RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(1))
            .setMaximumAttempts(3)
            .build())
        .build());
  }
}
