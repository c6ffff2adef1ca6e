package io.firebreak.agent.credential;

import static io.firebreak.agent.credential.FakeTools.assertNoSecret;
import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.agent.action.ActionResult;
import io.firebreak.agent.credential.CommandRunner.Completed;
import io.firebreak.agent.testing.Commands;
import io.firebreak.proto.agent.v1.Command;
import io.firebreak.proto.agent.v1.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kind=local-password with chpasswd and usermod faked over temporary passwd/shadow files. */
class RotateLocalPasswordTest {
  @TempDir Path dir;
  private FakeTools tools;

  @BeforeEach
  void setUp() throws Exception {
    tools = new FakeTools(dir, Files.createDirectories(dir.resolve("home")));
  }

  private ActionResult rotate(Set<String> allowedUsers, String user) throws Exception {
    CredentialSettings settings =
        CredentialSettings.defaults().with(allowedUsers, List.of(), Map.of());
    Map<String, String> parameters = new HashMap<>(Map.of("kind", "local-password"));
    parameters.put("user", user);
    Command command =
        Commands.command("host-1", "p1", RotateCredential.TYPE, System.currentTimeMillis())
            .putAllParameters(parameters)
            .build();
    return new RotateCredential(settings, tools.accounts(), tools)
        .execute(command, FakeTools.context(dir.resolve("state")));
  }

  private ActionResult rotate(String user) throws Exception {
    return rotate(Set.of(), user);
  }

  @Test
  void execute_forAnOrdinaryUser_setsARandomPasswordThroughChpasswdStdin() throws Exception {
    ActionResult result = rotate("alice");

    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(tools.commands).containsExactly(List.of(ProcessCommandRunner.locate("chpasswd")));
    String password = tools.passwords.get(0);
    assertThat(password).hasSize(Secrets.PASSWORD_LENGTH).matches("[A-Za-z0-9!#%+\\-./=?@^_~]+");
    assertThat(tools.shadowLine("alice")).startsWith("alice:$y$j9T$").contains(":20480:");
    assertThat(result.evidence())
        .containsEntry("kind", "local-password")
        .containsEntry("user", "alice")
        .containsEntry("uid", "1001")
        .containsEntry("hash-changed", "true")
        .containsEntry("hash-algorithm-before", "$6$")
        .containsEntry("hash-algorithm", "$y$")
        .containsEntry("shadow.last-change-before", "19000 (2022-01-08)")
        .containsEntry("shadow.last-change", "20480 (2026-01-27)")
        .containsEntry("locked", "false")
        .containsEntry("time", FakeTools.NOW.toString());
    assertNoSecret(result, password);
    // Neither the old nor the new hash leaves the host: they are verifiers.
    assertThat(String.join(" ", result.evidence().values()))
        .doesNotContain("oldhash")
        .doesNotContain("fakehash");
  }

  @Test
  void execute_twice_setsTwoDifferentPasswords() throws Exception {
    rotate("alice");
    rotate("alice");

    assertThat(tools.passwords).hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void execute_forAnUnknownUser_failsWithoutRunningChpasswd() throws Exception {
    ActionResult result = rotate("mallory");

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(result.detail())
        .isEqualTo("password not rotated: there is no local account 'mallory' in /etc/passwd");
    assertThat(tools.commands).isEmpty();
  }

  @Test
  void execute_forRootASystemAccountOrNobody_refusesWithoutRunningChpasswd() throws Exception {
    ActionResult root = rotate("root");
    ActionResult daemon = rotate("daemon");
    ActionResult nobody = rotate("nobody");

    assertThat(root.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(root.detail())
        .contains("'root' has uid 0 (root)")
        .contains("--rotate-allow-user root");
    assertThat(daemon.detail()).contains("'daemon' is a system account (uid 1)");
    assertThat(nobody.detail()).contains("'nobody' is a system account (uid 65534)");
    assertThat(tools.commands).isEmpty();
    assertThat(tools.shadowLine("root")).contains("roothash");
  }

  @Test
  void execute_forRootNamedByRotateAllowUser_rotatesIt() throws Exception {
    ActionResult result = rotate(Set.of("root"), "root");

    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(tools.shadowLine("root")).doesNotContain("roothash");
  }

  @Test
  void execute_whenChpasswdFails_reportsItsErrorAndThatThePasswordIsUnchanged() throws Exception {
    tools.chpasswdFailure =
        new Completed(
            1,
            "",
            "chpasswd: (user alice) pam_chauthtok() failed, error:\n"
                + "Authentication token manipulation error\n",
            false,
            4);

    ActionResult result = rotate("alice");

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(result.detail())
        .startsWith("password not rotated: chpasswd failed (exit 1: chpasswd: (user alice)")
        .contains("Authentication token manipulation error")
        .endsWith("; the password is unchanged");
    assertThat(tools.shadowLine("alice")).contains("oldhash");
    assertNoSecret(result, tools.passwords.get(0));
  }

  @Test
  void execute_whenChpasswdSucceedsButTheHashIsUnchanged_fails() throws Exception {
    tools.chpasswdDoesNothing = true;

    ActionResult result = rotate("alice");

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(result.detail())
        .isEqualTo("chpasswd reported success, but the password hash of alice is unchanged");
    assertThat(result.evidence()).containsEntry("hash-changed", "false");
  }

  @Test
  void execute_forALockedAccount_rotatesAndLocksItAgain() throws Exception {
    ActionResult result = rotate("locked");

    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(result.detail()).endsWith("(the account stays locked)");
    assertThat(tools.commands)
        .containsExactly(
            List.of(ProcessCommandRunner.locate("chpasswd")),
            List.of(ProcessCommandRunner.locate("usermod"), "-L", "locked"));
    assertThat(tools.shadowLine("locked")).startsWith("locked:!$y$j9T$").doesNotContain("lhash");
    assertThat(result.evidence()).containsEntry("locked", "true");
  }

  @Test
  void execute_forAnAccountWithoutShadowEntry_fails() throws Exception {
    ActionResult result = rotate("noshadow");

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(result.detail()).contains("'noshadow' has no entry in /etc/shadow");
    assertThat(tools.commands).isEmpty();
  }

  @Test
  void execute_withAUserNameThatCouldInjectALine_isRefused() throws Exception {
    ActionResult newline = rotate("alice\nroot");
    ActionResult colon = rotate("root:x");

    assertThat(newline.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(newline.detail()).startsWith("nothing rotated: ").contains("not a valid user name");
    assertThat(colon.detail()).contains("not a valid user name");
    assertThat(tools.commands).isEmpty();
  }
}
