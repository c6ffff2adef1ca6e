package io.firebreak.agent.connection;

import io.firebreak.proto.agent.v1.AgentMessage;
import io.grpc.stub.ClientCallStreamObserver;

/**
 * Serialized writes to one request stream: a gRPC StreamObserver is not thread-safe, and results
 * (command threads), heartbeats (timer thread) and the Hello are written from different threads.
 * Once the stream is closed (cancelled, half-closed or ended) further writes are dropped.
 * Thread-safe.
 */
final class RequestWriter {
  private ClientCallStreamObserver<AgentMessage> stream; // guarded by this
  private boolean closed; // guarded by this

  synchronized void attach(ClientCallStreamObserver<AgentMessage> requestStream) {
    stream = requestStream;
  }

  /** Writes {@code message} unless the stream is closed; returns whether it was written. */
  synchronized boolean send(AgentMessage message) {
    if (closed || stream == null) {
      return false;
    }
    stream.onNext(message);
    return true;
  }

  /** Cancels the stream: the gateway sees it end at once. */
  void cancel(String reason) {
    ClientCallStreamObserver<AgentMessage> cancelled;
    synchronized (this) {
      if (closed || stream == null) {
        return;
      }
      closed = true;
      cancelled = stream;
    }
    // Outside the lock: cancelling may run the response observer's onError on this thread.
    cancelled.cancel(reason, null);
  }

  /** Half-closes the stream: the agent will send nothing more. */
  synchronized void halfClose() {
    if (!closed && stream != null) {
      closed = true;
      stream.onCompleted();
    }
  }

  /** Records that the stream ended. */
  synchronized void markClosed() {
    closed = true;
  }

  synchronized boolean closed() {
    return closed;
  }
}
