package io.firebreak.agent.testing;

import io.firebreak.proto.agent.v1.Command;
import java.util.UUID;

/** Well-formed commands for tests: valid for a minute from {@code nowMs}, with a fresh nonce. */
public final class Commands {
  private Commands() {}

  /**
   * A command of {@code action} for {@code hostId} in {@code partition}, incident inc-1 epoch 1.
   */
  public static Command.Builder command(
      String hostId, String partition, String action, long nowMs) {
    return Command.newBuilder()
        .setCommandId("inc-1/contain/" + hostId + "/" + action + "/" + UUID.randomUUID())
        .setHostId(hostId)
        .setPartition(partition)
        .setAction(action)
        .setIssuedAtMs(nowMs)
        .setExpiresAtMs(nowMs + 60_000)
        .setIncidentId("inc-1")
        .setStep("contain")
        .setEpoch(1)
        .setNonce(UUID.randomUUID().toString());
  }

  /** The same command in a fresh envelope, as a gateway retry sends it: new nonce, same id. */
  public static Command retry(Command command) {
    return command.toBuilder().setNonce(UUID.randomUUID().toString()).build();
  }
}
