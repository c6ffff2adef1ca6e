package io.firebreak.agent.credential;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.agent.action.ActionContext;
import io.firebreak.agent.action.ActionResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Fake {@code chpasswd}, {@code usermod} and reload commands over a temporary passwd and shadow
 * file: chpasswd writes a fake hash (never derived from the password) and today's day into the
 * shadow file, usermod -L puts a {@code !} in front of the hash, and a reload answers what the test
 * set. Every password chpasswd received is kept, so a test can look for it in a result.
 */
final class FakeTools implements CommandRunner {
  static final long TODAY = 20_480;
  static final Instant NOW = Instant.ofEpochSecond(TODAY * 86_400 + 3_600);

  final Path passwd;
  final Path shadow;
  final List<List<String>> commands = new ArrayList<>();
  final List<String> passwords = new ArrayList<>();
  Map<String, String> reloadEnvironment;

  /** When set, chpasswd answers this and changes nothing. */
  Completed chpasswdFailure;

  /** When true, chpasswd exits 0 but changes nothing. */
  boolean chpasswdDoesNothing;

  /** What a reload answers. */
  Completed reloadResult = new Completed(0, "", "", false, 7);

  /** When true, a failing reload prints the secret file's content to stderr first. */
  boolean reloadEchoesSecret;

  FakeTools(Path directory, Path home) throws IOException {
    passwd = directory.resolve("passwd");
    shadow = directory.resolve("shadow");
    Files.writeString(
        passwd,
        String.join(
            "\n",
            "root:x:0:0:root:/root:/bin/bash",
            "daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin",
            "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin",
            "alice:x:1001:1001:Alice:" + home + ":/bin/bash",
            "locked:x:1002:1002::" + home + ":/bin/bash",
            "noshadow:x:1003:1003::" + home + ":/bin/bash",
            ""));
    Files.writeString(
        shadow,
        String.join(
            "\n",
            "root:$y$j9T$rootsalt$roothash:19000:0:99999:7:::",
            "daemon:*:19000:0:99999:7:::",
            "nobody:*:19000:0:99999:7:::",
            "alice:$6$oldsalt$oldhash:19000:0:99999:7:::",
            "locked:!$y$j9T$lsalt$lhash:19000:0:99999:7:::",
            ""));
  }

  LocalAccounts accounts() {
    return new LocalAccounts(passwd, shadow, this, java.time.Duration.ofSeconds(5));
  }

  static ActionContext context(Path stateDirectory) {
    return new ActionContext("host-1", "p1", stateDirectory, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** The shadow line of {@code user}. */
  String shadowLine(String user) throws IOException {
    return Files.readAllLines(shadow).stream()
        .filter(line -> line.startsWith(user + ":"))
        .findFirst()
        .orElseThrow();
  }

  /** Asserts that neither the detail nor any evidence key or value contains {@code secret}. */
  static void assertNoSecret(ActionResult result, String secret) {
    assertThat(secret).isNotBlank();
    assertThat(result.detail()).doesNotContain(secret);
    result
        .evidence()
        .forEach(
            (key, value) -> {
              assertThat(key).doesNotContain(secret);
              assertThat(value).as("evidence " + key).doesNotContain(secret);
            });
  }

  @Override
  public Completed run(
      List<String> command,
      byte[] stdin,
      Map<String, String> environment,
      java.time.Duration timeout)
      throws IOException {
    commands.add(List.copyOf(command));
    String program = Path.of(command.get(0)).getFileName().toString();
    switch (program) {
      case "chpasswd" -> {
        String line = new String(stdin, StandardCharsets.US_ASCII);
        assertThat(line).endsWith("\n").doesNotContain("\r");
        int colon = line.indexOf(':');
        passwords.add(line.substring(colon + 1, line.length() - 1));
        if (chpasswdFailure != null) {
          return chpasswdFailure;
        }
        if (!chpasswdDoesNothing) {
          String salt = HexFormat.of().formatHex(randomBytes());
          setShadow(line.substring(0, colon), "$y$j9T$" + salt + "$fakehash", true);
        }
        return new Completed(0, "", "", false, 3);
      }
      case "usermod" -> {
        assertThat(command).hasSize(3).element(1).isEqualTo("-L");
        String user = command.get(2);
        String hash = shadowLine(user).split(":", -1)[1];
        setShadow(user, hash.startsWith("!") ? hash : "!" + hash, false);
        return new Completed(0, "", "", false, 3);
      }
      case "sh" -> {
        reloadEnvironment = environment;
        if (reloadEchoesSecret && !reloadResult.succeeded()) {
          String secret = Files.readString(Path.of(environment.get("FIREBREAK_SECRET_FILE")));
          return new Completed(
              reloadResult.exitCode(),
              secret,
              "loaded key " + secret + "\n" + reloadResult.stderr(),
              reloadResult.timedOut(),
              reloadResult.millis());
        }
        return reloadResult;
      }
      default -> throw new IOException("cannot run " + command.get(0) + ": not faked");
    }
  }

  private void setShadow(String user, String hash, boolean today) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(shadow)) {
      String[] field = line.split(":", -1);
      if (field[0].equals(user)) {
        field[1] = hash;
        if (today) {
          field[2] = String.valueOf(TODAY);
        }
        line = String.join(":", field);
      }
      lines.add(line);
    }
    Files.write(shadow, lines);
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[8];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }
}
