package io.firebreak.agent.credential;

import io.firebreak.agent.action.Action;
import io.firebreak.agent.action.ActionContext;
import io.firebreak.agent.action.ActionResult;
import io.firebreak.proto.agent.v1.Command;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code rotate-credential}: replaces a credential on this host so that whoever stole it can no
 * longer use it. Irreversible: the old credential is not restored by the agent (a root-only backup
 * of replaced files is kept in {@code <state-dir>/backups} for an operator). Parameter {@code kind}
 * selects what is rotated:
 *
 * <ul>
 *   <li>{@code local-password} with {@code user}: a new random password nobody knows, see {@link
 *       LocalPasswordRotation};
 *   <li>{@code ssh-authorized-keys} with {@code user} and optional {@code keys} (fingerprints or
 *       comments): removes authorized SSH keys, see {@link AuthorizedKeysRotation};
 *   <li>{@code service-secret} with {@code path} and optional {@code reload}, {@code bytes}, {@code
 *       encoding}, {@code mode}, {@code owner}: a new random secret file and a configured reload,
 *       see {@link ServiceSecretRotation}.
 * </ul>
 *
 * <p>A malformed or unknown parameter value fails the command before anything changes; parameters
 * the kind does not use are named in the evidence ({@code ignored-parameters}). No secret is ever
 * in the result, the log or a command line.
 *
 * <p><b>Idempotency:</b> a repeated command id is answered from the agent's journal. If the agent
 * dies after rotating but before journaling, the command runs again: a password or service secret
 * is then rotated a second time, to a fresh random value, which is as good as the first (no one
 * knew either); removing SSH keys again finds them gone and succeeds. <b>Thread safety:</b>
 * rotations run one at a time on a host.
 */
public final class RotateCredential implements Action {
  /** The action type. */
  public static final String TYPE = "rotate-credential";

  private final LocalPasswordRotation localPassword;
  private final AuthorizedKeysRotation authorizedKeys;
  private final ServiceSecretRotation serviceSecret;

  RotateCredential(CredentialSettings settings, LocalAccounts accounts, CommandRunner runner) {
    this.localPassword = new LocalPasswordRotation(accounts, settings);
    this.authorizedKeys = new AuthorizedKeysRotation(accounts, settings);
    this.serviceSecret = new ServiceSecretRotation(runner, settings);
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public synchronized ActionResult execute(Command command, ActionContext context)
      throws InterruptedException {
    Parameters parameters = new Parameters(command.getParametersMap());
    Map<String, String> evidence = new LinkedHashMap<>();
    Instant now = context.clock().instant();
    String kind = parameters.optional("kind").orElse("");
    evidence.put("kind", kind);
    evidence.put("time", now.toString());
    try {
      return switch (kind) {
        case "local-password" -> {
          noteIgnored(parameters, LocalPasswordRotation.PARAMETERS, evidence);
          yield localPassword.rotate(parameters, evidence);
        }
        case "ssh-authorized-keys" -> {
          noteIgnored(parameters, AuthorizedKeysRotation.PARAMETERS, evidence);
          yield authorizedKeys.rotate(parameters, context.stateDirectory(), now, evidence);
        }
        case "service-secret" -> {
          noteIgnored(parameters, ServiceSecretRotation.PARAMETERS, evidence);
          yield serviceSecret.rotate(parameters, context.stateDirectory(), now, evidence);
        }
        default ->
            throw new IllegalArgumentException(
                "parameter kind must be local-password, ssh-authorized-keys or service-secret, "
                    + "got '"
                    + kind
                    + "'");
      };
    } catch (IllegalArgumentException e) {
      return ActionResult.failed("nothing rotated: " + e.getMessage(), evidence);
    }
  }

  private static void noteIgnored(
      Parameters parameters, Set<String> known, Map<String, String> evidence) {
    List<String> ignored = parameters.ignored(known);
    if (!ignored.isEmpty()) {
      evidence.put("ignored-parameters", String.join(", ", ignored));
    }
  }
}
