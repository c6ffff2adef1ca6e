package io.firebreak.agent.connection;

import io.grpc.ManagedChannel;

/**
 * Opens a new channel (its own connection) to a gateway target. Called once per connection attempt;
 * the caller owns and shuts down the channel. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface ChannelFactory {

  /** A new, not yet connected channel to {@code target} ("host:port"). */
  ManagedChannel open(String target);
}
