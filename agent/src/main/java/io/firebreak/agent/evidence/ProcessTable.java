package io.firebreak.agent.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The processes of a {@code /proc} tree and the sockets they hold. Processes come and go while it
 * is read; one that vanishes half-read is left out, and descriptors that cannot be read (another
 * user's, when the agent is not root) are skipped. Thread-safe and stateless apart from its
 * configuration.
 */
final class ProcessTable {
  private static final Pattern SOCKET_LINK = Pattern.compile("socket:\\[(\\d+)]");

  private final Path proc;
  private final UserNames users;
  private final int commandLineMaxChars;

  /**
   * @param proc the proc file system, {@code /proc} on a real host
   * @param users user names by uid
   * @param commandLineMaxChars where command lines are cut
   */
  ProcessTable(Path proc, UserNames users, int commandLineMaxChars) {
    this.proc = proc;
    this.users = users;
    this.commandLineMaxChars = commandLineMaxChars;
  }

  /**
   * Every process, by pid.
   *
   * @throws IOException if the proc directory itself cannot be listed
   */
  List<ProcessInfo> processes() throws IOException {
    List<ProcessInfo> processes = new ArrayList<>();
    for (int pid : pids()) {
      read(pid).ifPresent(processes::add);
    }
    processes.sort(Comparator.comparingInt(ProcessInfo::pid));
    return processes;
  }

  /** Socket inode to the pids holding it, from every readable {@code /proc/PID/fd}. */
  Map<Long, List<Integer>> socketOwners() throws IOException {
    Map<Long, List<Integer>> owners = new HashMap<>();
    for (int pid : pids()) {
      try (DirectoryStream<Path> descriptors =
          Files.newDirectoryStream(proc.resolve(pid + "/fd"))) {
        for (Path descriptor : descriptors) {
          Matcher socket = SOCKET_LINK.matcher(link(descriptor));
          if (socket.matches()) {
            List<Integer> pids =
                owners.computeIfAbsent(Long.parseLong(socket.group(1)), inode -> new ArrayList<>());
            if (!pids.contains(pid)) {
              pids.add(pid);
            }
          }
        }
      } catch (IOException e) {
        // Gone, or not ours to read.
      }
    }
    return owners;
  }

  private List<Integer> pids() throws IOException {
    List<Integer> pids = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(proc)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if (name.matches("\\d{1,9}")) {
          pids.add(Integer.parseInt(name));
        }
      }
    }
    return pids;
  }

  private Optional<ProcessInfo> read(int pid) {
    Path directory = proc.resolve(String.valueOf(pid));
    try {
      String stat = Files.readString(directory.resolve("stat"), StandardCharsets.UTF_8);
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split at the last
      // ')'.
      int open = stat.indexOf('(');
      int close = stat.lastIndexOf(')');
      String name = stat.substring(open + 1, close);
      String[] after = stat.substring(close + 1).strip().split("\\s+");
      int ppid = Integer.parseInt(after[1]);
      int uid = uid(directory);
      String arguments = commandLine(directory.resolve("cmdline"));
      return Optional.of(
          new ProcessInfo(
              pid,
              ppid,
              uid,
              users.name(uid),
              name,
              link(directory.resolve("exe")),
              arguments.isEmpty() ? "[" + name + "]" : arguments));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static int uid(Path directory) throws IOException {
    for (String line : Files.readAllLines(directory.resolve("status"), StandardCharsets.UTF_8)) {
      if (line.startsWith("Uid:")) {
        return Integer.parseUnsignedInt(line.substring(4).strip().split("\\s+")[0]);
      }
    }
    throw new IOException(directory + "/status has no Uid line");
  }

  private String commandLine(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    String text = new String(bytes, StandardCharsets.UTF_8).replace('\0', ' ').strip();
    return text.length() <= commandLineMaxChars
        ? text
        : text.substring(0, commandLineMaxChars - 3) + "...";
  }

  private static String link(Path link) {
    try {
      return Files.readSymbolicLink(link).toString();
    } catch (IOException | UnsupportedOperationException e) {
      return "";
    }
  }
}
