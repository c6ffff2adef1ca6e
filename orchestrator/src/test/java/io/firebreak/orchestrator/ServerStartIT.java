package io.firebreak.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.orchestrator.demo.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code firebreak server} as an operator starts it, from the packaged jar. */
class ServerStartIT {
  @TempDir Path work;

  @Test
  void invalidPlaybook_stopsTheStartListingFileLineAndFieldWithoutAStackTrace() throws Exception {
    Path playbooks = Files.createDirectories(work.resolve("playbooks"));
    String valid = Files.readString(Path.of("..", "playbooks", "contain-host.yaml"));
    Files.writeString(playbooks.resolve("broken.yaml"),
        valid.replace("action: isolate-host", "action: isolate-hots").replace("batchSize: 1", "batchSize: 0"));
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar(), "server")
        .directory(work.toFile())
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("server.out").toFile());
    builder.environment().put("FIREBREAK_DATA", work.resolve("data").toString());
    builder.environment().put("FIREBREAK_PLAYBOOKS", playbooks.toString());
    for (String port : new String[] {"HTTP", "ADMIN", "GATEWAY", "TEMPORAL"}) {
      builder.environment().put("FIREBREAK_" + port + "_PORT", Integer.toString(FreePorts.pick()));
    }

    Process server = builder.start();
    assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(work.resolve("server.out"), StandardCharsets.UTF_8);

    assertThat(server.exitValue()).as(output).isEqualTo(1);
    assertThat(output)
        .contains("firebreak: invalid playbooks; nothing was started:")
        .contains("broken.yaml:16:13: steps[0].action: unknown action 'isolate-hots'")
        .contains("broken.yaml:19:16: steps[0].batchSize:")
        .doesNotContain("\tat io.");
    assertThat(work.resolve("data").resolve("keys")).doesNotExist();
  }

  private static String jar() throws Exception {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files.filter(path -> path.getFileName().toString().matches("firebreak-orchestrator-.*-all\\.jar"))
          .findFirst().orElseThrow().toAbsolutePath().toString();
    }
  }
}
