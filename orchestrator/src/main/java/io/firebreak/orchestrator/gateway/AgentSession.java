package io.firebreak.orchestrator.gateway;

import io.firebreak.proto.agent.v1.CommandEnvelope;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.GatewayMessage;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One agent's live stream on this gateway. Commands are matched to results by command id; when
 * the stream ends every pending command fails at once with {@link AgentDisconnectedException}.
 * Thread-safe: writes to the stream are serialised (a StreamObserver is not thread-safe).
 */
public final class AgentSession {
  private final AgentRegistration registration;
  private final StreamObserver<GatewayMessage> stream;
  private final Map<String, CompletableFuture<CommandResult>> pending = new ConcurrentHashMap<>();
  private final boolean batchSignatures;
  private volatile String closedBecause;

  AgentSession(AgentRegistration registration, StreamObserver<GatewayMessage> stream, boolean batchSignatures) {
    this.registration = registration;
    this.stream = stream;
    this.batchSignatures = batchSignatures;
  }

  public String hostId() {
    return registration.hostId();
  }

  public AgentRegistration registration() {
    return registration;
  }

  /** True when the agent verifies envelopes signed in a batch (its Hello has the feature). */
  public boolean batchSignatures() {
    return batchSignatures;
  }

  /** Sends a signed command; the future completes with the agent's result for {@code commandId}. */
  public CompletableFuture<CommandResult> send(String commandId, CommandEnvelope envelope) {
    CompletableFuture<CommandResult> result = new CompletableFuture<>();
    CompletableFuture<CommandResult> earlier = pending.putIfAbsent(commandId, result);
    if (earlier != null) {
      return earlier; // the same command is already on the wire: share its answer
    }
    if (closedBecause != null) {
      pending.remove(commandId, result);
      result.completeExceptionally(new AgentDisconnectedException(hostId(), closedBecause));
      return result;
    }
    try {
      write(GatewayMessage.newBuilder().setCommand(envelope).build());
    } catch (RuntimeException e) {
      pending.remove(commandId, result);
      result.completeExceptionally(new AgentDisconnectedException(hostId(), "write failed: " + e.getMessage()));
    }
    return result;
  }

  void write(GatewayMessage message) {
    synchronized (stream) {
      stream.onNext(message);
    }
  }

  /** Routes a result to the command waiting for it (results for unknown ids are dropped). */
  void complete(CommandResult result) {
    CompletableFuture<CommandResult> waiting = pending.remove(result.getCommandId());
    if (waiting != null) {
      waiting.complete(result);
    }
  }

  /** The stream ended: fail everything still waiting. */
  void closed(String reason) {
    closedBecause = reason;
    for (String commandId : pending.keySet()) {
      CompletableFuture<CommandResult> waiting = pending.remove(commandId);
      if (waiting != null) {
        waiting.completeExceptionally(new AgentDisconnectedException(hostId(), reason));
      }
    }
  }

  /** Ends the stream from this side (a newer connection of the same host replaced it). */
  void abort(String reason) {
    closed(reason);
    synchronized (stream) {
      try {
        stream.onError(Status.ABORTED.withDescription(reason).asRuntimeException());
      } catch (IllegalStateException alreadyClosed) {
        // The call already ended; nothing to tell the agent.
      }
    }
  }
}
