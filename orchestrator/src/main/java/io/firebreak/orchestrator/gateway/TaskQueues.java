package io.firebreak.orchestrator.gateway;

/** Names of the Temporal task queues Firebreak workers poll. */
public final class TaskQueues {
  /**
   * Incident workflows, the activities that touch only the database, and the orchestrator-side
   * actions (revoke-gdap).
   */
  public static final String INCIDENTS = "firebreak-incidents";

  private static final String GATEWAY_PREFIX = "firebreak-gateway-";

  private TaskQueues() {}

  /** The queue polled by exactly one gateway instance: the one holding its agents' streams. */
  public static String gateway(String gatewayId) {
    return GATEWAY_PREFIX + gatewayId;
  }
}
