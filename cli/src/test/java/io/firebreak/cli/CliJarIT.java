package io.firebreak.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar on its own ({@code java -jar}), as {@code bin/firebreak} runs it: it holds
 * everything validation and the HTTP client need, and prints nothing stray (no logging warnings).
 */
class CliJarIT {
  record Run(int exitCode, String out, String err) {}

  @Test
  void validate_worksOfflineFromTheJar() throws Exception {
    Run run = run(Map.of(), "playbook", "validate", "../playbooks", "src/test/playbooks");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("contain-host.yaml: ok").contains("staged-isolate.yaml: ok");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void talksToTheServerFromTheJar() throws Exception {
    TestServer server = TestServer.shared();

    Run run = run(Map.of("FIREBREAK_URL", server.url(), "FIREBREAK_TOKEN", server.adminToken), "agent", "list", "-o", "json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(new ObjectMapper().readTree(run.out()).size()).isEqualTo(TestServer.WEB_HOSTS + TestServer.DB_HOSTS);
    assertThat(run.err()).isEmpty();
  }

  @Test
  void versionComesFromTheManifest() throws Exception {
    Run run = run(Map.of(), "--version");

    assertThat(run.out().strip()).matches("firebreak \\d+\\.\\d+\\.\\d+.*");
  }

  private static Run run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", System.getProperty("firebreak.cli.jar")));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("FIREBREAK_URL");
    builder.environment().remove("FIREBREAK_TOKEN");
    builder.environment().put("FIREBREAK_CONFIG", "target/no-such-config.json");
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), out, err);
  }
}
