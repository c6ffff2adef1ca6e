package io.firebreak.agent.connection;

import io.firebreak.proto.agent.v1.Welcome;
import io.grpc.Status;

/**
 * Learns when a host's stream to its gateway is registered and when it ends. Called on gRPC
 * transport threads: implementations must be thread-safe and must not block.
 */
public interface ConnectionListener {

  /** A listener that ignores everything. */
  ConnectionListener NONE = new ConnectionListener() {};

  /** The gateway answered this host's Hello with {@code welcome}. */
  default void connected(String hostId, Welcome welcome) {}

  /** A stream that had been welcomed ended with {@code status}; the agent may reconnect. */
  default void disconnected(String hostId, Status status) {}
}
