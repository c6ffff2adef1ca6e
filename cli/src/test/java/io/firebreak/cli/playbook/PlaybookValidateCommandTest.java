package io.firebreak.cli.playbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.firebreak.cli.CliEnvironment;
import io.firebreak.cli.FirebreakCli;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code playbook validate}: the server's loader, offline, with file:line:column messages. */
class PlaybookValidateCommandTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();

  @Test
  void shippedPlaybooks_areValid() {
    int exitCode = run("playbook", "validate", "../playbooks", "src/test/playbooks/staged-isolate.yaml");

    assertThat(exitCode).as(out.toString()).isZero();
    assertThat(out.toString()).contains("contain-host.yaml: ok (contain-host, autonomous, 1 step)")
        .contains("staged-isolate.yaml: ok (staged-isolate, autonomous, 2 steps)");
  }

  @Test
  void invalidFile_printsEveryErrorWithLineAndColumn_andStopsThereWithExit2() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), String.join("\n",
        "version: 1",
        "name: Bad Name",
        "description: broken",
        "mode: autonomous",
        "targets:",
        "  selector: \"role=web\"",
        "steps:",
        "  - name: isolate",
        "    action: format-disk",
        ""));
    Path good = Path.of("src/test/playbooks/isolate-web.yaml");

    int exitCode = run("playbook", "validate", bad.toString(), good.toString());

    assertThat(exitCode).isEqualTo(2);
    assertThat(out.toString().lines()).containsExactly(
        bad + ":2:7: name: does not match the regex pattern ^[a-z0-9][a-z0-9-]{0,62}$",
        bad + ":9:13: steps[0].action: unknown action 'format-disk' (known: isolate-host, release-host,"
            + " collect-evidence, rotate-credential, kill-process, disable-account, enable-account, revoke-gdap)");
  }

  @Test
  void yamlSyntaxErrorAndMissingFile_areReportedLikeOtherErrors() throws Exception {
    Path broken = Files.writeString(dir.resolve("broken.yaml"), "name: [unclosed\n");

    int syntax = run("playbook", "validate", broken.toString());
    int missing = run("playbook", "validate", dir.resolve("nope.yaml").toString());

    assertThat(syntax).isEqualTo(2);
    assertThat(missing).isEqualTo(2);
    assertThat(out.toString()).contains(broken + ":2:1: $: YAML syntax error")
        .contains(dir.resolve("nope.yaml") + ":0:0: $: no such file");
  }

  @Test
  void sameNameTwice_isAnError() throws Exception {
    Path copy = Files.copy(Path.of("src/test/playbooks/isolate-web.yaml"), dir.resolve("copy.yaml"));

    int exitCode = run("playbook", "validate", "src/test/playbooks/isolate-web.yaml", copy.toString());

    assertThat(exitCode).isEqualTo(2);
    assertThat(out.toString()).contains(copy + ":1:1: name: playbook name 'isolate-web' is already used by");
  }

  @Test
  void jsonOutput_listsFilesAndErrors() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.yaml"), "version: 1\n");

    int exitCode = run("playbook", "validate", "src/test/playbooks/isolate-web.yaml", bad.toString(), "-o", "json");

    assertThat(exitCode).isEqualTo(2);
    JsonNode results = new ObjectMapper().readTree(out.toString());
    assertThat(results.get(0).path("valid").asBoolean()).isTrue();
    assertThat(results.get(0).path("playbook").asText()).isEqualTo("isolate-web");
    assertThat(results.get(1).path("valid").asBoolean()).isFalse();
    // No "targets": a playbook of orchestrator-side steps (revoke-gdap) has "tenants" instead.
    assertThat(results.get(1).path("errors").findValuesAsText("field")).contains("name", "steps", "description", "mode");
  }

  private int run(String... args) {
    CommandLine commandLine = FirebreakCli.commandLine(new CliEnvironment(Map.of(), dir,
        new ByteArrayInputStream(new byte[0]), false, Duration.ofMillis(100)));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(out, true));
    return commandLine.execute(args);
  }
}
