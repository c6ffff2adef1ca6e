package io.firebreak.agent.isolation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the {@code nft} binary: scripts through {@code nft -f -} (one atomic transaction each) and
 * table listings. Each call is bounded by a timeout, after which nft is killed; a failure carries
 * nft's own error text. The process runs in the agent's network namespace, so the namespace is
 * never this class's or the actions' concern. Thread-safe (every call is its own process).
 */
final class Nftables {
  private static final List<Path> WELL_KNOWN =
      List.of(Path.of("/usr/sbin/nft"), Path.of("/sbin/nft"), Path.of("/usr/bin/nft"));
  private static final int MAX_ERROR_CHARS = 2_000;

  private final String binary;
  private final Duration timeout;

  /**
   * @param binary the nft executable (a path, or a name looked up on PATH)
   * @param timeout how long one nft run may take before it is killed
   */
  Nftables(String binary, Duration timeout) {
    this.binary = binary;
    this.timeout = timeout;
  }

  /** nft from its usual location (/usr/sbin, /sbin, /usr/bin), else from PATH. */
  static Nftables system(Duration timeout) {
    String binary =
        WELL_KNOWN.stream()
            .filter(Files::isExecutable)
            .findFirst()
            .map(Path::toString)
            .orElse("nft");
    return new Nftables(binary, timeout);
  }

  /** Applies {@code script} as one transaction; nothing of it is applied if it fails. */
  void apply(String script) throws NftablesException, InterruptedException {
    run(script, "-f", "-");
  }

  /** Whether {@code family name} exists. */
  boolean tableExists(String family, String name) throws NftablesException, InterruptedException {
    String wanted = "table " + family + " " + name;
    return run(null, "list", "tables", family)
        .lines()
        .anyMatch(line -> line.strip().equals(wanted));
  }

  /** The listing of {@code family name}, or empty if there is no such table. */
  Optional<String> listTable(String family, String name)
      throws NftablesException, InterruptedException {
    if (!tableExists(family, name)) {
      return Optional.empty();
    }
    return Optional.of(run(null, "list", "table", family, name));
  }

  /** Checks that nft can be run and may read the ruleset (needs CAP_NET_ADMIN). */
  void probe() throws NftablesException, InterruptedException {
    run(null, "list", "tables");
  }

  private String run(String stdin, String... arguments)
      throws NftablesException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(binary);
    command.addAll(List.of(arguments));
    String description = String.join(" ", command);
    Process process;
    try {
      process = new ProcessBuilder(command).start();
    } catch (IOException e) {
      throw new NftablesException("cannot run " + description + ": " + e.getMessage(), e);
    }
    CompletableFuture<String> stdout = drain(process.getInputStream());
    CompletableFuture<String> stderr = drain(process.getErrorStream());
    try (OutputStream input = process.getOutputStream()) {
      if (stdin != null) {
        input.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      // nft exited before reading everything; its exit status and stderr say why.
    }
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new NftablesException(
            description + " did not finish within " + timeout.toMillis() + " ms and was killed",
            null);
      }
      String error = stderr.get(timeout.toMillis(), TimeUnit.MILLISECONDS).strip();
      String output = stdout.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (process.exitValue() != 0) {
        throw new NftablesException(
            description + " failed (exit " + process.exitValue() + "): " + shorten(error), null);
      }
      return output;
    } catch (ExecutionException | TimeoutException e) {
      throw new NftablesException("reading the output of " + description + " failed", e);
    } finally {
      process.destroy();
    }
  }

  private static CompletableFuture<String> drain(InputStream stream) {
    CompletableFuture<String> text = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (stream) {
                text.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                text.completeExceptionally(e);
              }
            },
            "nft-output");
    reader.setDaemon(true);
    reader.start();
    return text;
  }

  private static String shorten(String error) {
    String oneLine = error.isEmpty() ? "(no error output)" : error.replaceAll("\\s*\\n\\s*", " | ");
    return oneLine.length() <= MAX_ERROR_CHARS
        ? oneLine
        : oneLine.substring(0, MAX_ERROR_CHARS) + "...";
  }

  /** nft could not be run, timed out, or rejected a command; the message carries nft's error. */
  static final class NftablesException extends IOException {
    NftablesException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
