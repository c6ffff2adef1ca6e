package io.firebreak.agent.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.firebreak.agent.testing.AgentJarProcess;
import io.firebreak.proto.agent.v1.CommandResult;
import io.firebreak.proto.agent.v1.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real agent jar, as root, rotating credentials of a throwaway local account it creates per
 * test ({@code fbtest-<random>}, no login shell, home in a temporary directory) with the system's
 * chpasswd, usermod and ssh-keygen. It touches no account or file it did not create, and deletes
 * the account afterwards.
 */
class RotateCredentialIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final List<String> TOOLS =
      List.of("useradd", "userdel", "chpasswd", "usermod", "chage", "ssh-keygen");

  @TempDir static Path shared;
  private static AgentJarProcess agent;
  private static Path secrets;
  private static Path marker;

  @TempDir Path dir;
  private String user;
  private int uid;
  private Path home;

  @BeforeAll
  static void startAgent() throws Exception {
    Optional<String> missing = missingPrerequisite();
    if (missing.isPresent()) {
      if (System.getenv("CI") != null) {
        fail("CI must run the real credential rotation tests, but " + missing.get());
      }
      Assumptions.abort("skipped: " + missing.get());
    }
    secrets = Files.createDirectory(shared.resolve("secrets"));
    marker = shared.resolve("reloaded");
    Path reload = shared.resolve("reload.sh");
    Files.writeString(
        reload, "#!/bin/sh\nprintf '%s' \"$FIREBREAK_SECRET_FILE\" > '" + marker + "'\n");
    Files.setPosixFilePermissions(reload, PosixFilePermissions.fromString("rwx------"));
    agent =
        AgentJarProcess.start(
            "rotate-it",
            shared,
            Path.of("target", "rotate-credential-it", "agent.log").toAbsolutePath(),
            List.of(
                "--rotate-secret-dir",
                secrets.toString(),
                "--rotate-reload",
                "marker=" + reload,
                "--rotate-reload",
                "broken=echo reload broke >&2; exit 4"));
    assertThat(agent.hello().getCapabilitiesList()).contains("rotate-credential");
  }

  @AfterAll
  static void stopAgent() throws Exception {
    if (agent != null) {
      agent.close();
    }
  }

  @BeforeEach
  void createUser() throws Exception {
    user = "fbtest-" + HexFormat.of().formatHex(randomBytes(4));
    home = Files.createDirectory(dir.resolve("home"));
    run(null, "useradd", "-M", "-s", "/usr/sbin/nologin", "-d", home.toString(), user);
    uid = Integer.parseInt(run(null, "id", "-u", user).strip());
    assertThat(uid).as("useradd gives an ordinary uid").isGreaterThanOrEqualTo(1000);
    Files.setAttribute(home, "unix:uid", uid);
  }

  @AfterEach
  void deleteUser() throws Exception {
    if (user != null && shadowLine().isPresent()) {
      run(null, "userdel", user);
    }
  }

  @Test
  void localPassword_replacesTheShadowHashAndDate() throws Exception {
    run(user + ":Initial-Passw0rd-" + uid + "\n", "chpasswd");
    run(null, "chage", "-d", "2020-01-01", user);
    String[] before = shadowLine().orElseThrow().split(":");
    assertThat(before[2]).isEqualTo(String.valueOf(LocalDate.of(2020, 1, 1).toEpochDay()));

    CommandResult result =
        agent.execute("rotate-credential", Map.of("kind", "local-password", "user", user), TIMEOUT);

    assertThat(result.getOutcome()).as(result.getDetail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    String[] after = shadowLine().orElseThrow().split(":");
    assertThat(after[1]).isNotEqualTo(before[1]).startsWith("$");
    long today = LocalDate.now(ZoneOffset.UTC).toEpochDay();
    assertThat(Long.parseLong(after[2])).isBetween(today - 1, today + 1);
    Map<String, String> evidence = result.getEvidenceMap();
    assertThat(evidence)
        .containsEntry("hash-changed", "true")
        .containsEntry("locked", "false")
        .containsEntry("shadow.last-change-before", before[2] + " (2020-01-01)")
        .containsEntry(
            "shadow.last-change",
            after[2] + " (" + LocalDate.ofEpochDay(Long.parseLong(after[2])) + ")")
        .containsEntry("hash-algorithm", after[1].substring(0, after[1].indexOf('$', 1) + 1));
    for (String value : evidence.values()) {
      assertThat(value).doesNotContain(before[1]).doesNotContain(after[1]);
    }
    System.out.printf("local-password rotated for real: %s%n", evidence);
  }

  @Test
  void localPassword_ofALockedAccount_keepsItLocked() throws Exception {
    String before = shadowLine().orElseThrow().split(":")[1];
    assertThat(before).as("useradd leaves a new account locked").startsWith("!");

    CommandResult result =
        agent.execute("rotate-credential", Map.of("kind", "local-password", "user", user), TIMEOUT);

    assertThat(result.getOutcome()).as(result.getDetail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    String after = shadowLine().orElseThrow().split(":")[1];
    assertThat(after).startsWith("!$").isNotEqualTo(before);
    assertThat(result.getEvidenceMap()).containsEntry("locked", "true");
  }

  @Test
  void sshAuthorizedKeys_removesTheKeyNamedByItsSshKeygenFingerprintAndKeepsABackup()
      throws Exception {
    String one = generateKey("one");
    String two = generateKey("two");
    String fingerprint =
        run(null, "ssh-keygen", "-lf", dir.resolve("one.pub").toString()).split(" ")[1];
    Path ssh = Files.createDirectory(home.resolve(".ssh"));
    Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
    Files.setAttribute(ssh, "unix:uid", uid);
    Path keys = ssh.resolve("authorized_keys");
    Files.writeString(keys, one + two);
    Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
    Files.setAttribute(keys, "unix:uid", uid);

    CommandResult result =
        agent.execute(
            "rotate-credential",
            Map.of("kind", "ssh-authorized-keys", "user", user, "keys", fingerprint),
            TIMEOUT);

    assertThat(result.getOutcome()).as(result.getDetail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(Files.readString(keys)).isEqualTo(two);
    assertThat(Files.getAttribute(keys, "unix:uid")).isEqualTo(uid);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)))
        .isEqualTo("rw-------");
    Map<String, String> evidence = result.getEvidenceMap();
    assertThat(evidence)
        .containsEntry("removed", fingerprint)
        .containsEntry("keys.before", "2")
        .containsEntry("keys.after", "1");
    Path backup = Path.of(evidence.get("backup"));
    assertThat(backup).startsWith(agent.stateDirectory().toAbsolutePath().resolve("backups"));
    assertThat(Files.readString(backup)).isEqualTo(one + two);
    assertThat(Files.getAttribute(backup, "unix:uid")).isEqualTo(0);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
        .isEqualTo("rw-------");

    CommandResult all =
        agent.execute(
            "rotate-credential", Map.of("kind", "ssh-authorized-keys", "user", user), TIMEOUT);

    assertThat(all.getOutcome()).as(all.getDetail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    assertThat(Files.readString(keys)).isEmpty();
    assertThat(all.getEvidenceMap()).containsEntry("keys.after", "0");
  }

  @Test
  void serviceSecret_replacesTheFileKeepsOwnerAndModeAndRunsTheConfiguredReload() throws Exception {
    Path secret = secrets.resolve(user + ".key");
    Files.writeString(secret, "old-secret");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r-----"));
    Files.setAttribute(secret, "unix:uid", uid);
    Files.deleteIfExists(marker);

    CommandResult result =
        agent.execute(
            "rotate-credential",
            Map.of("kind", "service-secret", "path", secret.toString(), "reload", "marker"),
            TIMEOUT);

    assertThat(result.getOutcome()).as(result.getDetail()).isEqualTo(Outcome.OUTCOME_SUCCEEDED);
    String value = Files.readString(secret);
    assertThat(value).isNotEqualTo("old-secret");
    assertThat(Base64.getDecoder().decode(value)).hasSize(32);
    assertThat(Files.getAttribute(secret, "unix:uid")).isEqualTo(uid);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
        .isEqualTo("rw-r-----");
    assertThat(Files.readString(marker)).isEqualTo(secret.toString());
    assertThat(Files.readString(Path.of(result.getEvidenceMap().get("backup"))))
        .isEqualTo("old-secret");
    assertThat(result.getEvidenceMap()).containsEntry("reload.exit", "0");
    assertThat(String.join(" ", result.getEvidenceMap().values()) + result.getDetail())
        .doesNotContain(value);

    CommandResult broken =
        agent.execute(
            "rotate-credential",
            Map.of("kind", "service-secret", "path", secret.toString(), "reload", "broken"),
            TIMEOUT);

    assertThat(broken.getOutcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(broken.getDetail())
        .startsWith("the new secret IS in place at " + secret)
        .contains("reload 'broken' failed (exit 4: reload broke)");
    String newest = Files.readString(secret);
    assertThat(newest).isNotEqualTo(value);
    assertThat(Files.readString(Path.of(broken.getEvidenceMap().get("backup")))).isEqualTo(value);
    assertThat(String.join(" ", broken.getEvidenceMap().values()) + broken.getDetail())
        .doesNotContain(newest);
  }

  @Test
  void serviceSecret_outsideTheConfiguredDirectory_isRefused() throws Exception {
    Path outside = dir.resolve("outside.key");
    Files.writeString(outside, "keep me");
    Path link = Files.createSymbolicLink(secrets.resolve(user + ".link"), outside);

    CommandResult direct =
        agent.execute(
            "rotate-credential",
            Map.of("kind", "service-secret", "path", outside.toString()),
            TIMEOUT);
    CommandResult viaLink =
        agent.execute(
            "rotate-credential",
            Map.of("kind", "service-secret", "path", link.toString()),
            TIMEOUT);

    assertThat(direct.getOutcome()).isEqualTo(Outcome.OUTCOME_FAILED);
    assertThat(direct.getDetail()).contains("is outside the secret directories");
    assertThat(viaLink.getDetail()).contains("(which resolves to " + outside.toRealPath() + ")");
    assertThat(Files.readString(outside)).isEqualTo("keep me");
    Files.delete(link);
  }

  private String generateKey(String name) throws Exception {
    Path key = dir.resolve(name);
    run(
        null,
        "ssh-keygen",
        "-q",
        "-t",
        "ed25519",
        "-N",
        "",
        "-C",
        "fbtest-" + name,
        "-f",
        key.toString());
    return Files.readString(dir.resolve(name + ".pub"));
  }

  private Optional<String> shadowLine() throws IOException {
    return Files.readAllLines(Path.of("/etc/shadow")).stream()
        .filter(line -> line.startsWith(user + ":"))
        .findFirst();
  }

  private static Optional<String> missingPrerequisite() {
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of(
          "rotating real credentials needs root (running as "
              + System.getProperty("user.name")
              + ")");
    }
    for (String tool : TOOLS) {
      boolean found =
          Stream.of("/usr/sbin", "/sbin", "/usr/bin", "/bin")
              .anyMatch(directory -> Files.isExecutable(Path.of(directory, tool)));
      if (!found) {
        return Optional.of(
            "'" + tool + "' is not installed (apt-get install passwd openssh-client)");
      }
    }
    return Optional.empty();
  }

  /** Runs a system tool, failing the test with its output if it fails. */
  private static String run(String stdin, String... command) throws Exception {
    List<String> resolved = new java.util.ArrayList<>(List.of(command));
    resolved.set(0, ProcessCommandRunner.locate(command[0]));
    Process process = new ProcessBuilder(resolved).redirectErrorStream(true).start();
    try (var input = process.getOutputStream()) {
      if (stdin != null) {
        input.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }

  private static byte[] randomBytes(int count) {
    byte[] bytes = new byte[count];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
