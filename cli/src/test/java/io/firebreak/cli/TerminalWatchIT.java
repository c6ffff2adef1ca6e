package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code incident watch} in a real terminal: the built jar runs inside a detached tmux session
 * (120x40) and the test reads the screen with {@code tmux capture-pane}. Skipped when tmux is
 * missing, except on CI ({@code CI=true}), where that is a failure.
 */
class TerminalWatchIT {
  static TestServer server;
  @TempDir Path home;
  private boolean started;

  @BeforeAll
  static void start() throws Exception {
    boolean tmux = Files.isExecutable(Path.of("/usr/bin/tmux")) || Files.isExecutable(Path.of("/usr/local/bin/tmux"));
    if (!tmux && "true".equals(System.getenv("CI"))) {
      fail("tmux is required on CI (CI=true) for the terminal test; install it");
    }
    Assumptions.assumeTrue(tmux, "tmux not installed; terminal watch test skipped");
    server = TestServer.shared();
  }

  @AfterEach
  void stopTmux() throws Exception {
    if (started) {
      tmux("kill-server");
    }
  }

  @Test
  void watchInATerminal_redrawsProgressBarsInPlaceAndLeavesTheFinalView() throws Exception {
    String jar = System.getProperty("firebreak.cli.jar");
    assertThat(jar).as("system property firebreak.cli.jar (set by failsafe)").isNotNull();
    assertThat(Path.of(jar)).exists();
    // An approval-mode run holds still until the watcher is up, however slowly its JVM starts.
    Cli.Result run = Cli.connected(home, server.url(), server.responderToken)
        .run("playbook", "run", "staged-approval", "--justification", "terminal test");
    Matcher matched = Pattern.compile("Started incident (inc-[0-9a-f]+)").matcher(run.out());
    assertThat(matched.find()).as(run.toString()).isTrue();
    String id = matched.group(1);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command = "env FIREBREAK_URL=" + server.url() + " FIREBREAK_TOKEN=" + server.responderToken + " "
        + java + " -jar " + jar + " incident watch " + id + "; echo EXIT=$?; sleep 600";

    tmux("new-session", "-d", "-s", "watch", "-x", "120", "-y", "40", command);
    started = true;
    List<String> screens = new ArrayList<>();
    String waiting = awaitScreen(screens, "firebreak approval approve " + id);
    Cli.Result approve = Cli.connected(home, server.url(), server.approverToken)
        .run("approval", "approve", id, "--reason", "terminal test");
    assertThat(approve.exitCode()).as(approve.toString()).isZero();
    String last = awaitScreen(screens, "EXIT=");

    assertThat(waiting).contains("incident " + id + "  playbook staged-approval  awaiting_approval  8 hosts  elapsed")
        .contains("an approver or admin other than 'alice' can grant it");
    assertThat(last).as("final screen").contains("EXIT=0");
    // While it ran: a live view with partly filled bars, counts and elapsed time.
    assertThat(screens).anySatisfy(screen -> assertThat(screen)
        .contains("incident " + id + "  playbook staged-approval  running  8 hosts  elapsed")
        .containsPattern("evidence +collect-evidence +\\[#+-+\\] +[1-7]/8 +done [1-7] +failed 0 +unreachable 0 +pending [1-7]")
        .containsPattern("waves +\\[[#-]+\\] +wave [1-4] of 4 running"));
    // Redrawn in place: never two copies of the view on one screen, no plain-mode line stamps.
    assertThat(screens).allSatisfy(screen -> {
      assertThat(count(screen, "playbook staged-approval")).isLessThanOrEqualTo(1);
      assertThat(screen).doesNotContain("[+");
    });
    assertThat(last).contains("incident " + id + "  playbook staged-approval  completed  8 hosts")
        .containsPattern("isolate +isolate-host +\\[####################\\] +8/8 +done 8 +failed 0 +unreachable 0 +pending 0")
        .contains("completed: every host succeeded in every step");
  }

  /** Captures the screen every 100 ms (into {@code screens}) until it shows {@code text}. */
  private String awaitScreen(List<String> screens, String text) throws Exception {
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline)) {
      String screen = tmux("capture-pane", "-p", "-t", "watch");
      screens.add(screen);
      if (screen.contains(text)) {
        return screen;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the terminal never showed '" + text + "'; last screen:\n" + screens.get(screens.size() - 1));
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }

  private String tmux(String... args) throws IOException, InterruptedException {
    // A private tmux server whose socket lives (and is deleted) with the test's temporary directory.
    List<String> command = new ArrayList<>(List.of("tmux", "-S", home.resolve("tmux.sock").toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    if (process.exitValue() != 0 && !args[0].equals("kill-server")) {
      fail("tmux " + String.join(" ", args) + " failed: " + output);
    }
    return output;
  }
}
