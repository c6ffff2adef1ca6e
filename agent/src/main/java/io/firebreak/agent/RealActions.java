package io.firebreak.agent;

import io.firebreak.agent.action.Action;
import io.firebreak.agent.action.ActionRegistry;
import io.firebreak.agent.credential.CredentialActions;
import io.firebreak.agent.credential.CredentialSettings;
import io.firebreak.agent.evidence.EvidenceActions;
import io.firebreak.agent.evidence.EvidenceSettings;
import io.firebreak.agent.isolation.IsolationActions;
import io.firebreak.agent.isolation.IsolationSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real (non-simulated) executor set of a host agent, built in this one place: a new real action
 * is added to {@link #create}. A family of actions whose prerequisites are missing on this host (a
 * binary, a privilege) is left out with an error in the log, so the host advertises only
 * capabilities it can perform and the gateway's registry shows the gap before an incident does.
 */
public final class RealActions {
  private static final Logger log = LoggerFactory.getLogger(RealActions.class);

  /**
   * What the real actions are configured with.
   *
   * @param isolation isolate-host and release-host settings
   * @param credentials rotate-credential settings
   * @param evidence collect-evidence settings
   */
  public record Options(
      IsolationSettings isolation, CredentialSettings credentials, EvidenceSettings evidence) {
    public Options {
      Objects.requireNonNull(isolation, "isolation");
      Objects.requireNonNull(credentials, "credentials");
      Objects.requireNonNull(evidence, "evidence");
    }
  }

  private RealActions() {}

  /** Every real action this host can perform with {@code options}. */
  public static ActionRegistry create(Options options) throws InterruptedException {
    List<Action> actions = new ArrayList<>();
    try {
      actions.addAll(IsolationActions.create(options.isolation()));
    } catch (IllegalStateException e) {
      log.error("isolate-host and release-host are disabled: {}", e.getMessage());
    }
    try {
      actions.addAll(CredentialActions.create(options.credentials()));
    } catch (IllegalStateException e) {
      log.error("rotate-credential is disabled: {}", e.getMessage());
    }
    try {
      actions.addAll(EvidenceActions.create(options.evidence()));
    } catch (IllegalStateException e) {
      log.error("collect-evidence is disabled: {}", e.getMessage());
    }
    return ActionRegistry.of(actions);
  }
}
