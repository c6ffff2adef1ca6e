package io.firebreak.agent.credential;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.agent.action.ActionResult;
import io.firebreak.agent.testing.Commands;
import io.firebreak.proto.agent.v1.Command;
import io.firebreak.proto.agent.v1.Outcome;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kind dispatch of rotate-credential, common to every kind. */
class RotateCredentialTest {
  @TempDir Path dir;
  private FakeTools tools;

  @BeforeEach
  void setUp() throws Exception {
    tools = new FakeTools(dir, dir);
  }

  private ActionResult rotate(Map<String, String> parameters) throws Exception {
    Command command =
        Commands.command("host-1", "p1", RotateCredential.TYPE, System.currentTimeMillis())
            .putAllParameters(parameters)
            .build();
    return new RotateCredential(CredentialSettings.defaults(), tools.accounts(), tools)
        .execute(command, FakeTools.context(dir.resolve("state")));
  }

  @Test
  void execute_withoutOrWithAnUnknownKind_failsNamingTheKinds() throws Exception {
    ActionResult missing = rotate(Map.of("user", "alice"));
    ActionResult unknown = rotate(Map.of("kind", "api-token"));

    assertThat(missing.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(missing.detail())
        .isEqualTo(
            "nothing rotated: parameter kind must be local-password, ssh-authorized-keys or "
                + "service-secret, got ''");
    assertThat(unknown.detail()).endsWith("got 'api-token'");
    assertThat(tools.commands).isEmpty();
  }

  @Test
  void execute_withParametersTheKindDoesNotUse_namesThemInTheEvidence() throws Exception {
    ActionResult result =
        rotate(
            Map.of(
                "kind", "local-password",
                "user", "alice",
                "path", "/etc/shadow",
                "credential", "ssh:alice",
                "reason", "stolen laptop"));

    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(result.evidence()).containsEntry("ignored-parameters", "credential, path");
  }

  @Test
  void type_isRotateCredential() {
    assertThat(new RotateCredential(CredentialSettings.defaults(), tools.accounts(), tools).type())
        .isEqualTo("rotate-credential");
  }
}
