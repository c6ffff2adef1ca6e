package io.firebreak.orchestrator.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code firebreak demo --once} from the packaged jar, as a user runs it, in its own JVM. */
class DemoIT {
  @TempDir Path workDir;

  @Test
  void demoOnce_succeedsFromCleanDataDirectory() throws Exception {
    Path jar = packagedJar();
    Path output = workDir.resolve("demo.out");
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "demo", "--once")
        .directory(workDir.toFile())
        .redirectErrorStream(true)
        .redirectOutput(output.toFile());
    builder.environment().put("FIREBREAK_PLAYBOOKS", Path.of("..", "playbooks").toAbsolutePath().toString());
    Process demo = builder.start();

    boolean exited = demo.waitFor(3, TimeUnit.MINUTES);
    if (!exited) {
      demo.destroyForcibly();
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    assertThat(exited).as("demo finished within 3 minutes; output:%n%s", text).isTrue();
    assertThat(demo.exitValue()).as("exit code; output:%n%s", text).isZero();
    assertThat(text)
        .contains("200 simulated hosts connected")
        .contains("200/200 isolated, isolate-host executed 200 times (exactly once each)")
        .contains("Same alert again -> joined")
        .contains("demo: SUCCESS");
  }

  private static Path packagedJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      List<Path> jars = files.filter(path -> path.getFileName().toString().matches("firebreak-orchestrator-.*-all\\.jar")).toList();
      assertThat(jars).as("the shaded orchestrator jar (failsafe runs after package)").hasSize(1);
      return jars.get(0).toAbsolutePath();
    }
  }
}
