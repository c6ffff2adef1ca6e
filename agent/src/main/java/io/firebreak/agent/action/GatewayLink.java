package io.firebreak.agent.action;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * The agent's channel to its gateway, as an action may inspect it: an action that changes the
 * host's network (isolation) uses it to prove that the host is still manageable afterwards.
 * Implementations are thread-safe.
 */
public interface GatewayLink {

  /** The link of an agent that has no gateway (it only handles envelopes directly, in tests). */
  GatewayLink NONE =
      new GatewayLink() {
        @Override
        public Optional<String> target() {
          return Optional.empty();
        }

        @Override
        public Duration roundTrip(Duration timeout) throws IOException {
          throw new IOException("this agent has no gateway");
        }
      };

  /** The gateway the agent dials, {@code host:port}; empty when it has none. */
  Optional<String> target();

  /**
   * Sends a heartbeat on the live stream and waits for the gateway's acknowledgement of it (or of a
   * later heartbeat): proof that the stream carries traffic both ways now.
   *
   * @return the round-trip time
   * @throws IOException when there is no live stream, the stream ends, or no acknowledgement
   *     arrives within {@code timeout}; the message says which
   */
  Duration roundTrip(Duration timeout) throws IOException, InterruptedException;
}
