package io.firebreak.agent.credential;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real {@link CommandRunner}: one child process per call. Output is read by two threads and
 * kept up to {@value #MAX_OUTPUT_BYTES} bytes per stream (the rest is read and dropped, so a chatty
 * tool never blocks). A command still running at its timeout is killed with its descendants. A
 * daemon the command leaves behind may keep its output pipes open; the runner stops reading after a
 * short grace period instead of waiting for it. Thread-safe.
 */
final class ProcessCommandRunner implements CommandRunner {
  static final int MAX_OUTPUT_BYTES = 64 * 1024;
  private static final long OUTPUT_GRACE_MS = 1_000;
  private static final List<String> TOOL_DIRECTORIES =
      List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

  /** {@code tool} from the usual system directories, else its bare name (looked up on PATH). */
  static String locate(String tool) {
    return TOOL_DIRECTORIES.stream()
        .map(directory -> Path.of(directory, tool))
        .filter(Files::isExecutable)
        .findFirst()
        .map(Path::toString)
        .orElse(tool);
  }

  @Override
  public Completed run(
      List<String> command, byte[] stdin, Map<String, String> environment, Duration timeout)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    long start = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IOException("cannot run " + command.get(0) + ": " + e.getMessage(), e);
    }
    Drain stdout = new Drain(process.getInputStream(), command.get(0) + "-stdout");
    Drain stderr = new Drain(process.getErrorStream(), command.get(0) + "-stderr");
    try (OutputStream input = process.getOutputStream()) {
      input.write(stdin);
    } catch (IOException e) {
      // The command exited before reading its input; its exit status and stderr say why.
    }
    try {
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(OUTPUT_GRACE_MS, TimeUnit.MILLISECONDS);
      }
      long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
      return new Completed(
          finished ? process.exitValue() : -1, stdout.text(), stderr.text(), !finished, millis);
    } finally {
      process.destroy();
    }
  }

  /** Reads one output stream on its own daemon thread, keeping its first bytes. */
  private static final class Drain {
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final Thread reader;

    Drain(InputStream stream, String name) {
      reader =
          new Thread(
              () -> {
                byte[] buffer = new byte[8192];
                try (stream) {
                  for (int read; (read = stream.read(buffer)) >= 0; ) {
                    synchronized (kept) {
                      kept.write(buffer, 0, Math.min(read, MAX_OUTPUT_BYTES - kept.size()));
                    }
                  }
                } catch (IOException e) {
                  // The pipe closed under us (process killed); keep what was read.
                }
              },
              name);
      reader.setDaemon(true);
      reader.start();
    }

    String text() throws InterruptedException {
      reader.join(OUTPUT_GRACE_MS);
      synchronized (kept) {
        return kept.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
