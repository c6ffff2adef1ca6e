package io.firebreak.agent.evidence;

import io.firebreak.agent.action.Action;
import io.firebreak.agent.action.ActionContext;
import io.firebreak.agent.action.ActionResult;
import io.firebreak.agent.evidence.EvidenceReport.Collection;
import io.firebreak.proto.agent.v1.Command;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code collect-evidence}: a snapshot of the host for the incident, taken before containment
 * changes it. Parameters: {@code files} (comma-separated absolute paths to hash) and {@code kinds}
 * (comma-separated {@code processes}, {@code connections}, {@code files}; default: processes and
 * connections, plus files when {@code files} is given).
 *
 * <ul>
 *   <li>processes from {@code /proc}: pid, parent, user, name, executable, command line (cut; a
 *       command line is evidence as it is, including anything a process was given on it);
 *   <li>connections from {@code /proc/net/{tcp,tcp6,udp,udp6}} of the agent's network namespace:
 *       protocol, state, local and remote address, owner, and the processes holding each socket;
 *   <li>files: SHA-256, size, time, owner and mode of each requested path, or why not (missing, too
 *       large, not a regular file), see {@link FileHasher}.
 * </ul>
 *
 * <p>The evidence has a compact summary and the whole snapshot as the JSON value {@code report},
 * bounded as {@link EvidenceReport} describes. The action changes nothing, so it has no inverse and
 * is not irreversible; running a command id twice takes two snapshots. It succeeds unless {@code
 * /proc} cannot be read; missing files are reported, not failures. Thread-safe (stateless).
 */
public final class CollectEvidence implements Action {
  /** The action type. */
  public static final String TYPE = "collect-evidence";

  static final List<String> KINDS = List.of("processes", "connections", "files");
  private static final Set<String> PARAMETERS = Set.of("files", "kinds", "reason");
  private static final Logger log = LoggerFactory.getLogger(CollectEvidence.class);

  private final Path proc;
  private final Path passwd;
  private final EvidenceSettings settings;

  /**
   * @param proc the proc file system ({@code /proc})
   * @param passwd the passwd file for user names ({@code /etc/passwd})
   * @param settings the size limits
   */
  CollectEvidence(Path proc, Path passwd, EvidenceSettings settings) {
    this.proc = proc;
    this.passwd = passwd;
    this.settings = settings;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public ActionResult execute(Command command, ActionContext context) {
    long start = System.nanoTime();
    Instant at = context.clock().instant();
    Map<String, String> parameters = command.getParametersMap();
    List<String> files = list(parameters.get("files"));
    List<String> kinds = list(parameters.get("kinds"));
    if (kinds.isEmpty()) {
      kinds = files.isEmpty() ? List.of("processes", "connections") : KINDS;
    }
    Set<String> unknown = new TreeSet<>(kinds);
    unknown.removeAll(KINDS);
    if (!unknown.isEmpty()) {
      return ActionResult.failed(
          "nothing collected: parameter kinds has "
              + String.join(", ", unknown)
              + "; known kinds are "
              + String.join(", ", KINDS),
          Map.of());
    }
    if (kinds.contains("files") && files.isEmpty()) {
      return ActionResult.failed(
          "nothing collected: kinds=files needs parameter files (absolute paths)", Map.of());
    }
    ProcessTable table =
        new ProcessTable(proc, UserNames.read(passwd), settings.commandLineMaxChars());
    List<ProcessInfo> processes = List.of();
    List<SocketInfo> sockets = List.of();
    try {
      if (kinds.contains("processes")) {
        processes = table.processes();
      }
      if (kinds.contains("connections")) {
        sockets = new SocketTable(proc).sockets(table.socketOwners());
      }
    } catch (IOException e) {
      return ActionResult.failed(
          "nothing collected: cannot read " + proc + ": " + e.getMessage(), Map.of());
    }
    List<FileHash> hashes =
        kinds.contains("files")
            ? new FileHasher(settings.fileMaxBytes(), settings.hashBudgetBytes()).hash(files)
            : List.of();
    Map<String, String> evidence =
        EvidenceReport.evidence(
            new Collection(context.hostId(), at, kinds, processes, sockets, hashes),
            settings.reportMaxBytes());
    Set<String> ignored = new TreeSet<>(parameters.keySet());
    ignored.removeAll(PARAMETERS);
    if (!ignored.isEmpty()) {
      evidence.put("ignored-parameters", String.join(", ", ignored));
    }
    evidence.put("collect-ms", String.valueOf((System.nanoTime() - start) / 1_000_000));
    String detail = detail(kinds, processes, sockets, hashes, evidence.get("truncated"));
    log.info("evidence collected: {}", detail);
    return ActionResult.succeeded(detail, evidence);
  }

  private static String detail(
      List<String> kinds,
      List<ProcessInfo> processes,
      List<SocketInfo> sockets,
      List<FileHash> hashes,
      String truncated) {
    List<String> parts = new ArrayList<>();
    if (kinds.contains("processes")) {
      parts.add(processes.size() + " processes");
    }
    if (kinds.contains("connections")) {
      parts.add(sockets.size() + " sockets");
    }
    if (kinds.contains("files")) {
      long hashed = hashes.stream().filter(FileHash::hashed).count();
      parts.add(hashed + " of " + hashes.size() + " files hashed");
    }
    return "collected "
        + String.join(", ", parts)
        + ("true".equals(truncated) ? " (report truncated)" : "");
  }

  private static List<String> list(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    return Arrays.stream(text.split(","))
        .map(String::strip)
        .filter(item -> !item.isEmpty())
        .distinct()
        .toList();
  }
}
