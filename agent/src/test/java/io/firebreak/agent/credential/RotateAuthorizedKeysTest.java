package io.firebreak.agent.credential;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.agent.action.ActionResult;
import io.firebreak.agent.testing.Commands;
import io.firebreak.proto.agent.v1.Command;
import io.firebreak.proto.agent.v1.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kind=ssh-authorized-keys on a temporary home directory; the account comes from a fake passwd. */
class RotateAuthorizedKeysTest {
  private static final String ORIGINAL =
      String.join(
          "\n",
          "# keys of alice",
          TestKeys.ALICE,
          "from=\"10.0.0.0/8\",command=\"/bin/echo hi there\" " + TestKeys.MALLORY,
          TestKeys.DEPLOY,
          "");

  @TempDir Path dir;
  private Path home;
  private Path ssh;
  private Path keys;
  private FakeTools tools;

  @BeforeEach
  void setUp() throws Exception {
    home = Files.createDirectories(dir.resolve("home"));
    ssh = Files.createDirectory(home.resolve(".ssh"));
    Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
    keys = ssh.resolve("authorized_keys");
    Files.writeString(keys, ORIGINAL);
    Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-r-----"));
    tools = new FakeTools(dir, home);
  }

  private ActionResult rotate(String user, String selection) throws Exception {
    Map<String, String> parameters = new HashMap<>(Map.of("kind", "ssh-authorized-keys"));
    parameters.put("user", user);
    if (selection != null) {
      parameters.put("keys", selection);
    }
    Command command =
        Commands.command("host-1", "p1", RotateCredential.TYPE, System.currentTimeMillis())
            .putAllParameters(parameters)
            .build();
    return new RotateCredential(CredentialSettings.defaults(), tools.accounts(), tools)
        .execute(command, FakeTools.context(dir.resolve("state")));
  }

  @Test
  void execute_withoutKeys_removesEveryKeyKeepsCommentsAndBacksUpTheOriginal() throws Exception {
    Object inodeBefore = Files.getAttribute(keys, "unix:ino");

    ActionResult result = rotate("alice", null);

    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(result.detail()).isEqualTo("removed 3 authorized key(s) of alice; 0 remain");
    assertThat(Files.readString(keys)).isEqualTo("# keys of alice\n");
    assertThat(result.evidence())
        .containsEntry("selection", "all keys")
        .containsEntry("keys.before", "3")
        .containsEntry("keys.after", "0")
        .containsEntry(
            "removed",
            String.join(
                ", ",
                TestKeys.ALICE_FINGERPRINT,
                TestKeys.MALLORY_FINGERPRINT,
                TestKeys.DEPLOY_FINGERPRINT))
        .containsEntry("kept", "none")
        .containsEntry("changed-files", keys.toString());
    // Replaced by rename, not rewritten in place, with the original mode.
    assertThat(Files.getAttribute(keys, "unix:ino")).isNotEqualTo(inodeBefore);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)))
        .isEqualTo("rw-r-----");
    Path backup = Path.of(result.evidence().get("backup"));
    assertThat(backup.getParent()).isEqualTo(dir.resolve("state").resolve("backups"));
    assertThat(backup.getFileName().toString())
        .isEqualTo("20260127T010000.000Z.ssh-authorized-keys.alice.authorized_keys");
    assertThat(Files.readString(backup)).isEqualTo(ORIGINAL);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup.getParent())))
        .isEqualTo("rwx------");
    try (var leftovers = Files.list(ssh)) {
      assertThat(leftovers).containsExactly(keys);
    }
  }

  @Test
  void execute_withAFingerprint_removesOnlyThatKeyAndKeepsItsNeighbours() throws Exception {
    ActionResult result = rotate("alice", TestKeys.MALLORY_FINGERPRINT);

    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(Files.readString(keys))
        .isEqualTo(String.join("\n", "# keys of alice", TestKeys.ALICE, TestKeys.DEPLOY, ""));
    assertThat(result.evidence())
        .containsEntry("keys.before", "3")
        .containsEntry("keys.after", "2")
        .containsEntry("removed", TestKeys.MALLORY_FINGERPRINT)
        .containsEntry("kept", TestKeys.ALICE_FINGERPRINT + ", " + TestKeys.DEPLOY_FINGERPRINT)
        .doesNotContainKey("not-found");
  }

  @Test
  void execute_withACommentAndAFingerprint_removesBoth() throws Exception {
    ActionResult result = rotate("alice", "ci deploy key, " + TestKeys.ALICE_FINGERPRINT);

    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(Files.readString(keys)).doesNotContain("deploy").doesNotContain("alice@laptop");
    assertThat(Files.readString(keys)).contains(TestKeys.MALLORY);
    assertThat(result.evidence()).containsEntry("keys.after", "1");
  }

  @Test
  void execute_withAKeyThatIsNotPresent_succeedsNamesItAndLeavesTheFileAlone() throws Exception {
    Object inodeBefore = Files.getAttribute(keys, "unix:ino");

    ActionResult result = rotate("alice", "SHA256:notThere");

    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(result.detail())
        .isEqualTo(
            "no authorized key of alice had to be removed; 3 remain; "
                + "not present (nothing to remove): SHA256:notThere");
    assertThat(result.evidence())
        .containsEntry("not-found", "SHA256:notThere")
        .containsEntry("changed-files", "none")
        .doesNotContainKey("backup");
    assertThat(Files.getAttribute(keys, "unix:ino")).isEqualTo(inodeBefore);
    assertThat(dir.resolve("state").resolve("backups")).doesNotExist();
  }

  @Test
  void execute_filtersAuthorizedKeys2Too() throws Exception {
    Path second = ssh.resolve("authorized_keys2");
    Files.writeString(second, TestKeys.MALLORY + "\n");

    ActionResult result = rotate("alice", "mallory@evil");

    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(Files.readString(second)).isEmpty();
    assertThat(Files.readString(keys)).doesNotContain("mallory@evil");
    assertThat(result.evidence().get("changed-files")).isEqualTo(keys + ", " + second);
    assertThat(result.evidence().get("backup").split(", ")).hasSize(2);
  }

  @Test
  void execute_removingEveryKey_dropsUnparsedLinesButASelectionKeepsThem() throws Exception {
    Files.writeString(keys, TestKeys.ALICE + "\nssh-rsa AAAAnot-a-key\n");

    ActionResult selective = rotate("alice", TestKeys.ALICE_FINGERPRINT);
    assertThat(Files.readString(keys)).isEqualTo("ssh-rsa AAAAnot-a-key\n");
    assertThat(selective.evidence()).containsEntry("unparsed-lines", "1");

    ActionResult all = rotate("alice", null);
    assertThat(all.outcome()).as(all.detail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(Files.readString(keys)).isEmpty();
  }

  @Test
  void execute_whenAuthorizedKeysIsASymlink_refusesAndLeavesTheTargetAlone() throws Exception {
    Path victim = dir.resolve("victim");
    Files.writeString(victim, TestKeys.ALICE + "\n");
    Files.delete(keys);
    Files.createSymbolicLink(keys, victim);

    ActionResult result = rotate("alice", null);

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(result.detail())
        .isEqualTo("keys not removed: " + keys + " is a symbolic link; refusing to follow it");
    assertThat(Files.readString(victim)).isEqualTo(TestKeys.ALICE + "\n");
    assertThat(Files.isSymbolicLink(keys)).isTrue();
  }

  @Test
  void execute_whenDotSshIsASymlink_refusesAndLeavesTheTargetAlone() throws Exception {
    Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("authorized_keys"), TestKeys.ALICE + "\n");
    Files.delete(keys);
    Files.delete(ssh);
    Files.createSymbolicLink(ssh, elsewhere);

    ActionResult result = rotate("alice", null);

    assertThat(result.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(result.detail()).contains(ssh + " is a symbolic link; refusing to follow it");
    assertThat(Files.readString(elsewhere.resolve("authorized_keys")))
        .isEqualTo(TestKeys.ALICE + "\n");
  }

  @Test
  void execute_withoutADotSshDirectory_succeedsWithNothingToRemove() throws Exception {
    Files.delete(keys);
    Files.delete(ssh);

    ActionResult result = rotate("alice", null);

    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(result.evidence()).containsEntry("keys.before", "0");
  }

  @Test
  void execute_forASystemAccountOrAnUnknownUser_refusesAndChangesNothing() throws Exception {
    ActionResult daemon = rotate("daemon", null);
    ActionResult unknown = rotate("mallory", null);

    assertThat(daemon.outcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(daemon.detail()).contains("'daemon' is a system account (uid 1)");
    assertThat(unknown.detail()).contains("there is no local account 'mallory'");
    assertThat(Files.readString(keys)).isEqualTo(ORIGINAL);
  }

  @Test
  void execute_asRoot_keepsTheOwnerAndGroupOfAnotherUser() throws Exception {
    Assumptions.assumeTrue(
        "root".equals(System.getProperty("user.name")), "changing owners needs root");
    Files.setAttribute(keys, "unix:uid", 1001);
    Files.setAttribute(keys, "unix:gid", 1002);

    ActionResult result = rotate("alice", TestKeys.DEPLOY_FINGERPRINT);

    assertThat(result.outcome()).as(result.detail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(Files.getAttribute(keys, "unix:uid")).isEqualTo(1001);
    assertThat(Files.getAttribute(keys, "unix:gid")).isEqualTo(1002);
    Path backup = Path.of(result.evidence().get("backup"));
    assertThat(Files.getAttribute(backup, "unix:uid")).isEqualTo(0);
    assertThat(Set.copyOf(List.of(Files.readString(keys).split("\n"))))
        .doesNotContain(TestKeys.DEPLOY);
  }
}
