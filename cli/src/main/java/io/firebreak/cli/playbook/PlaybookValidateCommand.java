package io.firebreak.cli.playbook;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.firebreak.cli.CliCommand;
import io.firebreak.cli.CliException;
import io.firebreak.cli.ExitCodes;
import io.firebreak.cli.output.Json;
import io.firebreak.cli.output.OutputOptions;
import io.firebreak.orchestrator.playbook.Playbook;
import io.firebreak.orchestrator.playbook.PlaybookError;
import io.firebreak.orchestrator.playbook.PlaybookException;
import io.firebreak.orchestrator.playbook.PlaybookLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code firebreak playbook validate FILE...}: the server's own playbook loader run locally (no
 * server needed). Prints {@code file:line:column: field: message} for each error of the first
 * invalid file and exits 2; exits 0 when every file is valid. Directories stand for their
 * {@code *.yaml}/{@code *.yml} files.
 */
@Command(name = "validate", description = {
    "Check playbook files with the server's own rules, offline: YAML syntax, the schema, known actions, "
    + "selectors, targets. Prints file:line:column: field: message for each error of the first invalid "
    + "file and exits 2. A directory means its *.yaml and *.yml files."})
public final class PlaybookValidateCommand extends CliCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Playbook files or directories.")
  private List<Path> paths;

  @Mixin
  private OutputOptions output;

  @Override
  public Integer call() {
    ArrayNode results = Json.MAPPER.createArrayNode();
    Map<String, String> names = new HashMap<>();
    for (Path file : expand(paths)) {
      ObjectNode result = results.addObject().put("file", file.toString());
      List<PlaybookError> errors = new ArrayList<>();
      try {
        Playbook playbook = PlaybookLoader.parse(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        String previous = names.putIfAbsent(playbook.name(), file.toString());
        if (previous != null) {
          errors.add(new PlaybookError(file.toString(), 1, 1, "name",
              "playbook name '" + playbook.name() + "' is already used by " + previous));
        } else {
          result.put("valid", true).put("playbook", playbook.name()).put("mode", playbook.mode())
              .put("steps", playbook.steps().size());
          if (!output.json()) {
            out().println(file + ": ok (" + playbook.name() + ", " + playbook.mode() + ", " + playbook.steps().size()
                + (playbook.steps().size() == 1 ? " step)" : " steps)"));
          }
          continue;
        }
      } catch (PlaybookException e) {
        errors.addAll(e.errors());
      } catch (java.nio.file.NoSuchFileException e) {
        errors.add(new PlaybookError(file.toString(), 0, 0, "$", "no such file"));
      } catch (IOException e) {
        errors.add(new PlaybookError(file.toString(), 0, 0, "$", "cannot read: " + e.getMessage()));
      }
      result.put("valid", false);
      ArrayNode list = result.putArray("errors");
      for (PlaybookError error : errors) {
        list.addObject().put("file", error.file()).put("line", error.line()).put("column", error.column())
            .put("field", error.field()).put("message", error.message());
        if (!output.json()) {
          out().println(error);
        }
      }
      return finish(results, ExitCodes.USAGE);
    }
    return finish(results, ExitCodes.OK);
  }

  private int finish(ArrayNode results, int exitCode) {
    if (output.json()) {
      Json.print(out(), results);
    }
    out().flush();
    return exitCode;
  }

  private static List<Path> expand(List<Path> given) {
    List<Path> files = new ArrayList<>();
    for (Path path : given) {
      if (!Files.isDirectory(path)) {
        files.add(path);
        continue;
      }
      try (Stream<Path> listing = Files.list(path)) {
        List<Path> playbooks = listing.filter(file -> file.toString().endsWith(".yaml") || file.toString().endsWith(".yml"))
            .sorted().toList();
        if (playbooks.isEmpty()) {
          throw CliException.usage("no *.yaml or *.yml playbook in " + path);
        }
        files.addAll(playbooks);
      } catch (IOException e) {
        throw CliException.usage("cannot list " + path + ": " + e.getMessage());
      }
    }
    return files;
  }
}
