package io.firebreak.orchestrator.gateway;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Sends one step's signed commands to a batch of hosts over their agent streams and collects the
 * results. Runs on the task queue of the gateway instance that holds those streams ({@link
 * TaskQueues#gateway}).
 *
 * <p>Idempotency: command ids are derived from (incident, step, host, epoch), so a retried attempt
 * sends the same ids and agents answer repeats from their journals. The activity heartbeats the
 * results it already has; a retried attempt resends only to the hosts missing from the last
 * heartbeat. Per-host results and evidence are recorded in the database before returning.
 */
@ActivityInterface
public interface DispatchActivities {
  /**
   * Dispatches the batch; never fails for a single host, which is reported in its result. Returns
   * the hosts that did not succeed and a count of those that did ({@link DispatchResult}).
   */
  @ActivityMethod
  DispatchResult dispatch(DispatchRequest request);
}
