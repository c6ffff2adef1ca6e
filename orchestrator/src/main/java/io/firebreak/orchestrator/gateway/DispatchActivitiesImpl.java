package io.firebreak.orchestrator.gateway;

import io.firebreak.orchestrator.incident.IncidentIds;
import io.firebreak.proto.agent.v1.Command;
import io.firebreak.proto.agent.v1.CommandEnvelope;
import io.firebreak.proto.agent.v1.CommandResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Sends one step's commands to a batch of hosts over their streams on this gateway.
 *
 * <p>A host that is not connected here (yet) is waited for until the per-host timeout: after a
 * gateway restart the retried attempt starts before the agents have dialled back in.
 *
 * <p>Blocks a worker thread for the batch (the wait is bounded by the per-host timeout; a worker
 * runs up to {@link #MAX_CONCURRENT_BATCHES} batches at once, i.e. 100,000 hosts in flight with
 * batches of 1,000). Results are recorded as they arrive (a transaction per {@link #FLUSH_EVERY}
 * results, or whenever the answers pause, so little is left to write after the last answer) and
 * heartbeated at most once a second, so a retried attempt resends only to hosts missing from the
 * last heartbeat (a {@link DispatchResult} of the results so far) and finds their rows already
 * written.
 */
public final class DispatchActivitiesImpl implements DispatchActivities {
  /** Worker option: concurrent dispatch activities per gateway. */
  public static final int MAX_CONCURRENT_BATCHES = 200;
  /**
   * Worker option: concurrent polls for dispatch tasks. A partition's batches are scheduled
   * together (20 for 10,000 hosts in batches of 500); with Temporal's default of five polls they
   * started five at a time, the last ones ~0.2-0.3 s after the first on a busy machine.
   */
  public static final int POLLERS = 32;
  private static final long HEARTBEAT_EVERY_MS = 1_000;
  /** Results written per transaction while answers are still arriving. */
  private static final int FLUSH_EVERY = 128;
  /** A pause in the answers this long is used to write what has arrived. */
  private static final long IDLE_FLUSH_MS = 5;
  /**
   * Connected hosts whose commands share one signature (see {@link CommandSigner#signBatch}): one
   * Ed25519 signature instead of this many, and the first commands leave after this many are built.
   */
  public static final int SIGNED_TOGETHER = 128;

  private final String gatewayId;
  private final AgentSessions sessions;
  private final CommandSigner signer;
  private final ResultRecorder recorder;
  private final Clock clock;
  private final GrantGuard grants;

  public DispatchActivitiesImpl(String gatewayId, AgentSessions sessions, CommandSigner signer,
      ResultRecorder recorder, Clock clock, GrantGuard grants) {
    this.gatewayId = gatewayId;
    this.sessions = sessions;
    this.signer = signer;
    this.recorder = recorder;
    this.clock = clock;
    this.grants = grants;
  }

  private record Answer(TargetHost host, String commandId, long sentAtMs, CommandResult result, Throwable error) {}

  /** A host connected when the batch started, to be signed together with others. */
  private record Ready(TargetHost host, String commandId, AgentSession session) {}

  @Override
  public DispatchResult dispatch(DispatchRequest request) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    Map<String, HostResult> done = new LinkedHashMap<>();
    Optional<DispatchResult> previous = context.getHeartbeatDetails(DispatchResult.class);
    previous.ifPresent(progress -> progress.results().forEach(result -> done.put(result.hostId(), result)));

    List<RecordedResult> unrecorded = new ArrayList<>();
    BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
    Set<String> sent = ConcurrentHashMap.newKeySet();
    Map<String, CompletableFuture<AgentSession>> connecting = new LinkedHashMap<>();
    int inFlight = 0;
    Map<String, String> refusals = new java.util.HashMap<>();
    List<Ready> ready = new ArrayList<>(SIGNED_TOGETHER);
    for (TargetHost host : request.hosts()) {
      if (done.containsKey(host.hostId())) {
        continue;
      }
      String refusal = refusals.computeIfAbsent(host.partition(), partition -> java.util.Objects.requireNonNullElse(
          grants.refusal(request.approvalRef(), partition, request.action(), request.epoch() > 1), ""));
      if (!refusal.isEmpty()) {
        // Outside the grant: never signed, never sent.
        settle(done, unrecorded, host, IncidentIds.commandId(request.incidentId(), request.step(), host.hostId(),
            request.epoch()), clock.millis(), HostOutcome.REJECTED, refusal, false, Map.of(), 0);
        continue;
      }
      String commandId = IncidentIds.commandId(request.incidentId(), request.step(), host.hostId(), request.epoch());
      CompletableFuture<AgentSession> session = sessions.whenConnected(host.hostId());
      connecting.put(host.hostId(), session);
      AgentSession connectedNow = session.isDone() && !session.isCompletedExceptionally() ? session.join() : null;
      if (connectedNow != null && connectedNow.batchSignatures()) {
        ready.add(new Ready(host, commandId, connectedNow));
        if (ready.size() == SIGNED_TOGETHER) {
          sendSignedTogether(request, ready, sent, answers);
        }
      } else {
        // Not connected yet (or an agent without batch signatures): signed alone when it is.
        session.thenAccept(connected -> send(host, commandId, connected, signer.sign(command(request, host)), sent,
            answers));
      }
      inFlight++;
    }
    sendSignedTogether(request, ready, sent, answers);

    long deadline = clock.millis() + request.hostTimeoutMs();
    long nextHeartbeat = clock.millis() + HEARTBEAT_EVERY_MS;
    while (inFlight > 0) {
      long now = clock.millis();
      if (now >= deadline) {
        break;
      }
      // Results are written while the rest are still on the wire: in chunks, or when answers pause.
      long wait = unrecorded.isEmpty() ? Math.min(deadline, nextHeartbeat) - now : IDLE_FLUSH_MS;
      Answer answer = poll(answers, wait);
      if (answer != null) {
        inFlight--;
        settle(done, unrecorded, answer);
      }
      if (answer == null || unrecorded.size() >= FLUSH_EVERY) {
        flush(request, unrecorded);
      }
      if (clock.millis() >= nextHeartbeat) {
        flush(request, unrecorded);
        context.heartbeat(new DispatchResult(List.copyOf(done.values())));
        nextHeartbeat = clock.millis() + HEARTBEAT_EVERY_MS;
      }
    }
    for (Answer late; (late = answers.poll()) != null; ) {
      settle(done, unrecorded, late);
    }
    connecting.forEach((hostId, session) -> {
      session.cancel(false);
      sessions.forget(hostId, session);
    });
    for (TargetHost host : request.hosts()) {
      if (!done.containsKey(host.hostId())) {
        String why = sent.contains(host.hostId())
            ? "no result within " + request.hostTimeoutMs() + " ms"
            : "not connected to gateway " + gatewayId + " within " + request.hostTimeoutMs() + " ms";
        settle(done, unrecorded, host, IncidentIds.commandId(request.incidentId(), request.step(), host.hostId(),
            request.epoch()), 0, HostOutcome.UNREACHABLE, why, false, Map.of(), 0);
      }
    }
    flush(request, unrecorded);
    List<HostResult> ordered = new ArrayList<>(request.hosts().size());
    for (TargetHost host : request.hosts()) {
      ordered.add(done.get(host.hostId()));
    }
    return DispatchResult.summarized(ordered);
  }

  private void sendSignedTogether(DispatchRequest request, List<Ready> ready, Set<String> sent,
      BlockingQueue<Answer> answers) {
    if (ready.isEmpty()) {
      return;
    }
    List<Command> commands = new ArrayList<>(ready.size());
    for (Ready host : ready) {
      commands.add(command(request, host.host()));
    }
    List<CommandEnvelope> envelopes = signer.signBatch(commands);
    for (int i = 0; i < ready.size(); i++) {
      Ready host = ready.get(i);
      send(host.host(), host.commandId(), host.session(), envelopes.get(i), sent, answers);
    }
    ready.clear();
  }

  private Command command(DispatchRequest request, TargetHost host) {
    return signer.command(request.incidentId(), request.step(), host.hostId(), host.partition(), request.action(),
        request.parameters(), request.epoch(), request.approvalRef());
  }

  private void send(TargetHost host, String commandId, AgentSession session, CommandEnvelope envelope,
      Set<String> sent, BlockingQueue<Answer> answers) {
    long sentAt = clock.millis();
    sent.add(host.hostId());
    session.send(commandId, envelope).whenComplete((result, error) ->
        answers.add(new Answer(host, commandId, sentAt, result, error)));
  }

  private void settle(Map<String, HostResult> done, List<RecordedResult> unrecorded, Answer answer) {
    if (answer.error() != null) {
      settle(done, unrecorded, answer.host(), answer.commandId(), answer.sentAtMs(), HostOutcome.UNREACHABLE,
          rootMessage(answer.error()), false, Map.of(), 0);
      return;
    }
    CommandResult result = answer.result();
    settle(done, unrecorded, answer.host(), answer.commandId(), result.getStartedAtMs(), Outcomes.of(result.getOutcome()),
        result.getDetail(), result.getDuplicate(), result.getEvidenceMap(), result.getFinishedAtMs());
  }

  private void settle(Map<String, HostResult> done, List<RecordedResult> unrecorded, TargetHost host, String commandId,
      long startedAtMs, HostOutcome outcome, String detail, boolean duplicate, Map<String, String> evidence,
      long finishedAtMs) {
    long finished = finishedAtMs > 0 ? finishedAtMs : clock.millis();
    done.put(host.hostId(), new HostResult(host.hostId(), host.partition(), outcome, detail, duplicate, finished));
    unrecorded.add(new RecordedResult(host.hostId(), host.partition(), commandId, outcome, detail, duplicate,
        evidence, startedAtMs, finished));
  }

  private void flush(DispatchRequest request, List<RecordedResult> unrecorded) {
    if (!unrecorded.isEmpty()) {
      recorder.record(request.incidentId(), request.step(), request.action(), List.copyOf(unrecorded));
      unrecorded.clear();
    }
  }

  private static Answer poll(BlockingQueue<Answer> answers, long waitMs) {
    try {
      return answers.poll(Math.max(1, waitMs), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    }
  }

  private static String rootMessage(Throwable error) {
    Throwable cause = error;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage();
  }
}
