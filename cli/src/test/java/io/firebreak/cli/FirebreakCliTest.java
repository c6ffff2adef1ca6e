package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help, usage errors and shell completion: no server involved. */
class FirebreakCliTest {
  @TempDir Path home;

  @Test
  void help_listsTheExitCodes_onEveryCommand() {
    Cli.Result top = new Cli(home).run("--help");
    Cli.Result watch = new Cli(home).run("incident", "watch", "--help");

    assertThat(top.exitCode()).isZero();
    assertThat(top.out()).contains("Exit codes:").contains("3   the incident is waiting for approval")
        .contains("5   the server is unreachable").contains("incident").contains("approval");
    assertThat(watch.out()).contains("Usage: firebreak incident watch").contains("Exit codes:")
        .contains("4   authentication or permission refused");
  }

  @Test
  void unknownCommandOrMissingArgument_exits2WithWhereToLook() {
    Cli.Result unknown = new Cli(home).run("incidnet", "list");
    Cli.Result missing = new Cli(home).run("approval", "approve", "inc-1");

    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("Unmatched argument").contains("see: firebreak --help");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("--reason").contains("see: firebreak approval approve --help");
  }

  @Test
  void badServerUrl_isAUsageError() {
    Cli.Result result = new Cli(home).run("agent", "list", "--server", "firebreak.example:8080", "--token", "t");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("'firebreak.example:8080' (from --server) is not a server URL");
  }

  @Test
  void bashCompletion_isAValidScriptThatCompletesSubcommands() throws Exception {
    Cli.Result bash = new Cli(home).run("completion", "bash");
    Path script = Files.writeString(home.resolve("firebreak.bash"), bash.out());

    assertThat(bash.exitCode()).isZero();
    String completions = runBash("source " + script + "; COMP_WORDS=(firebreak inc); COMP_CWORD=1; COMP_LINE='firebreak inc';"
        + " COMP_POINT=${#COMP_LINE}; _picocli_firebreak; echo \"${COMPREPLY[@]}\"");
    assertThat(completions.strip()).isEqualTo("incident");
  }

  @Test
  void zshCompletion_loadsBashcompinitFirst() {
    Cli.Result zsh = new Cli(home).run("completion", "zsh");

    assertThat(zsh.exitCode()).isZero();
    assertThat(zsh.out()).startsWith("# firebreak completion for zsh").contains("autoload -U +X bashcompinit && bashcompinit")
        .contains("complete -F _complete_firebreak");
  }

  private static String runBash(String command) throws IOException, InterruptedException {
    // Outside an interactive shell bash warns about compopt on stderr; only the completions matter.
    Process bash = new ProcessBuilder("bash", "-c", command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(bash.waitFor(20, TimeUnit.SECONDS)).isTrue();
    return new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
  }
}
