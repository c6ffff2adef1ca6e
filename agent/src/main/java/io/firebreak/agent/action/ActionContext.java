package io.firebreak.agent.action;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What an action may know about the agent running it.
 *
 * @param hostId this host's id
 * @param partition this host's partition
 * @param stateDirectory this host's private state directory (it holds the journal too)
 * @param clock the agent's clock
 */
public record ActionContext(String hostId, String partition, Path stateDirectory, Clock clock) {}
