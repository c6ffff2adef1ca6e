package io.firebreak.agent.connection;

import io.firebreak.proto.agent.v1.CommandEnvelope;
import io.firebreak.proto.agent.v1.CommandResult;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

/**
 * What every stream of one host shares.
 *
 * @param hostId the host
 * @param handler turns an envelope into its result (off the gRPC thread)
 * @param commands the host's serial command executor
 * @param scheduler heartbeat and timeout timer
 * @param listener told about registrations and disconnections
 * @param onWelcome run when a stream is welcomed (resets the backoff)
 */
record SessionContext(
    String hostId,
    Function<CommandEnvelope, CommandResult> handler,
    Executor commands,
    ScheduledExecutorService scheduler,
    ConnectionListener listener,
    Runnable onWelcome) {}
