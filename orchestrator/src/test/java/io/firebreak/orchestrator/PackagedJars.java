package io.firebreak.orchestrator;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/** For integration tests that run the packaged jars as processes (failsafe runs after package). */
public final class PackagedJars {
  private PackagedJars() {}

  /** The shaded jar of a reactor module ({@code orchestrator}, {@code agent}). */
  public static String jar(String module) throws IOException {
    try (Stream<Path> files = Files.list(Path.of("..", module, "target"))) {
      return files.filter(path -> path.getFileName().toString().matches("firebreak-" + module + "-.*-all\\.jar"))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no packaged " + module + " jar: failsafe runs after package"))
          .toAbsolutePath().toString();
    }
  }

  /**
   * Waits up to 90 s for {@code process} to listen on {@code port}; fails at once if it exits,
   * with the end of its {@code log}.
   */
  public static void awaitPort(int port, Process process, Path log) throws IOException, InterruptedException {
    Instant deadline = Instant.now().plusSeconds(90);
    while (Instant.now().isBefore(deadline) && process.isAlive()) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    List<String> lines = Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
    throw new AssertionError("nothing listening on " + port + " (process alive: " + process.isAlive()
        + "); " + log.getFileName() + " ends:\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 30),
        lines.size())));
  }
}
