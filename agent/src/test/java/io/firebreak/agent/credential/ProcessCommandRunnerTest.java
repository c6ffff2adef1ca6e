package io.firebreak.agent.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.firebreak.agent.credential.CommandRunner.Completed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real process runner with /bin/sh. */
class ProcessCommandRunnerTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path dir;
  private final ProcessCommandRunner runner = new ProcessCommandRunner();

  @Test
  void run_passesStdinAndEnvironment_andReportsExitAndOutput() throws Exception {
    Completed completed =
        runner.run(
            List.of(
                "/bin/sh", "-c", "read line; echo \"got $line in $WHERE\"; echo oops >&2; exit 3"),
            "hello\n".getBytes(StandardCharsets.US_ASCII),
            Map.of("WHERE", "test"),
            TIMEOUT);

    assertThat(completed.exitCode()).isEqualTo(3);
    assertThat(completed.succeeded()).isFalse();
    assertThat(completed.stdout()).isEqualTo("got hello in test\n");
    assertThat(completed.summary()).isEqualTo("exit 3: oops");
  }

  @Test
  void run_pastItsTimeout_killsTheCommandAndItsChildren() throws Exception {
    Path marker = dir.resolve("marker");
    long start = System.nanoTime();

    Completed completed =
        runner.run(
            List.of("/bin/sh", "-c", "(sleep 2; touch " + marker + ") & sleep 30"),
            new byte[0],
            Map.of(),
            Duration.ofMillis(300));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(completed.timedOut()).isTrue();
    assertThat(completed.summary()).startsWith("killed after ");
    Thread.sleep(2_500);
    assertThat(marker).as("the background child was killed too").doesNotExist();
  }

  @Test
  void run_withAMissingProgram_throwsNamingIt() {
    assertThatThrownBy(
            () -> runner.run(List.of("/nonexistent/tool"), new byte[0], Map.of(), TIMEOUT))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("cannot run /nonexistent/tool: ");
  }

  @Test
  void run_keepsOnlyTheStartOfAHugeOutput() throws Exception {
    Completed completed =
        runner.run(
            List.of("/bin/sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' x"),
            new byte[0],
            Map.of(),
            TIMEOUT);

    assertThat(completed.succeeded()).isTrue();
    assertThat(completed.stdout()).hasSize(ProcessCommandRunner.MAX_OUTPUT_BYTES);
  }

  @Test
  void run_whenADaemonKeepsTheOutputOpen_returnsAfterAShortGrace() throws Exception {
    long start = System.nanoTime();

    Completed completed =
        runner.run(
            List.of("/bin/sh", "-c", "echo started; sleep 5 &"), new byte[0], Map.of(), TIMEOUT);

    assertThat(completed.succeeded()).isTrue();
    assertThat(completed.stdout()).isEqualTo("started\n");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
  }

  @Test
  void summary_cutsLongErrorOutputToOneLine() {
    Completed completed = new Completed(1, "", "a\nb\n" + "x".repeat(5_000), false, 1);

    assertThat(completed.summary())
        .startsWith("exit 1: a | b | xxx")
        .endsWith("...")
        .hasSize(1_011);
  }
}
