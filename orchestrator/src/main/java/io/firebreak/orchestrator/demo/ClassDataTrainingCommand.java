package io.firebreak.orchestrator.demo;

import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code train-class-data}: starts a throwaway orchestrator (temporary directory, free ports),
 * asks its API once and exits. Run under {@code -XX:ArchiveClassesAtExit}, it leaves an archive of
 * the classes a start loads; {@code bin/firebreak} builds one per build and starts the server with
 * it (class-data sharing), which brings a restarted orchestrator back sooner.
 */
public final class ClassDataTrainingCommand extends Command {
  public ClassDataTrainingCommand() {
    super("train-class-data", "Start and stop a throwaway orchestrator (to archive the classes a start loads)");
  }

  @Override
  public void configure(Subparser subparser) {
    // no options
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) throws Exception {
    Path work = Files.createTempDirectory("firebreak-class-data-");
    int status = 0;
    try {
      Path playbooks = Files.createDirectories(work.resolve("playbooks"));
      LocalOrchestrator orchestrator = new LocalOrchestrator(work.resolve("server"), List.of("default"))
          .start(playbooks, "ERROR");
      ApiClient api = new ApiClient(URI.create(orchestrator.apiUrl()), orchestrator.adminToken());
      api.connectedAgents();
    } catch (Exception e) {
      System.err.println("train-class-data: " + e);
      status = 1;
    } finally {
      delete(work);
    }
    // The archive is written as the JVM exits; the embedded server's threads would keep it alive.
    System.exit(status);
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (java.io.IOException e) {
      System.err.println("train-class-data: could not delete " + dir + ": " + e.getMessage());
    }
  }
}
