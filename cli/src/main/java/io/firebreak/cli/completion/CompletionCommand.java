package io.firebreak.cli.completion;

import io.firebreak.cli.CliCommand;
import io.firebreak.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code firebreak completion bash|zsh}: a shell completion script for every command and option,
 * generated from the command model (picocli). zsh uses it through {@code bashcompinit}.
 */
@Command(name = "completion", description = {"Print a shell completion script. Load it with:",
    "  bash:  source <(firebreak completion bash)",
    "  zsh:   source <(firebreak completion zsh)"})
public final class CompletionCommand extends CliCommand implements Callable<Integer> {
  /** The shells a script can be printed for. */
  public enum Shell { bash, zsh }

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  private Shell shell;

  @Override
  public Integer call() {
    CommandLine root = spec.root().commandLine();
    String script = AutoComplete.bash("firebreak", root);
    if (shell == Shell.zsh) {
      // The generated script enables bashcompinit itself when it runs under zsh; loading it
      // first as well keeps `complete` defined for scripts sourced before compinit.
      script = "# firebreak completion for zsh (bash completion through bashcompinit)\n"
          + "autoload -U +X compinit && compinit\n"
          + "autoload -U +X bashcompinit && bashcompinit\n"
          + script;
    }
    out().print(script);
    out().flush();
    return ExitCodes.OK;
  }
}
