package io.firebreak.orchestrator.incident;

import io.firebreak.orchestrator.gateway.DispatchActivities;
import io.firebreak.orchestrator.gateway.DispatchRequest;
import io.firebreak.orchestrator.gateway.DispatchResult;
import io.firebreak.orchestrator.gateway.HostOutcome;
import io.firebreak.orchestrator.gateway.HostResult;
import io.firebreak.orchestrator.gateway.TargetHost;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A gateway's dispatch activity faked at the interface: answers every host, records the calls. */
class FakeDispatch implements DispatchActivities {
  final List<DispatchRequest> requests = Collections.synchronizedList(new ArrayList<>());
  /** Hosts that answer FAILED instead of SUCCEEDED. */
  final Set<String> failing = ConcurrentHashMap.newKeySet();
  /** Hosts reported UNREACHABLE (as the real activity does after the per-host timeout). */
  final Set<String> silent = ConcurrentHashMap.newKeySet();

  @Override
  public DispatchResult dispatch(DispatchRequest request) {
    requests.add(request);
    List<HostResult> results = new ArrayList<>();
    for (TargetHost host : request.hosts()) {
      HostOutcome outcome = silent.contains(host.hostId()) ? HostOutcome.UNREACHABLE
          : failing.contains(host.hostId()) ? HostOutcome.FAILED : HostOutcome.SUCCEEDED;
      results.add(new HostResult(host.hostId(), host.partition(), outcome, outcome.name().toLowerCase(), false, 1));
    }
    return DispatchResult.summarized(results); // as the real activity returns them
  }

  List<Integer> batchSizes(String step) {
    synchronized (requests) {
      return requests.stream().filter(r -> r.step().equals(step)).map(r -> r.hosts().size()).sorted().toList();
    }
  }

  List<String> hostsSent(String step) {
    synchronized (requests) {
      return requests.stream().filter(r -> r.step().equals(step))
          .flatMap(r -> r.hosts().stream().map(TargetHost::hostId)).sorted().toList();
    }
  }
}
