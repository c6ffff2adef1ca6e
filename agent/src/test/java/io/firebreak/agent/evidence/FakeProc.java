package io.firebreak.agent.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds a small {@code /proc} tree in a directory, as the kernel lays it out. */
final class FakeProc {
  static final String TCP_HEADER =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout"
          + " inode\n";

  final Path root;

  FakeProc(Path root) throws IOException {
    this.root = Files.createDirectories(root);
    Files.createDirectories(root.resolve("net"));
  }

  /** Adds a process; {@code exe} null for none (kernel thread), {@code cmdline} NUL-separated. */
  FakeProc process(int pid, String name, int ppid, int uid, String exe, String cmdline)
      throws IOException {
    Path directory = Files.createDirectories(root.resolve(String.valueOf(pid)));
    Files.writeString(
        directory.resolve("stat"),
        pid + " (" + name + ") S " + ppid + " " + pid + " " + pid + " 0 -1 4194560 120 0 0 0\n");
    Files.writeString(
        directory.resolve("status"),
        "Name:\t"
            + name
            + "\nState:\tS (sleeping)\nUid:\t"
            + uid
            + "\t"
            + uid
            + "\t"
            + uid
            + "\t"
            + uid
            + "\n");
    Files.write(directory.resolve("cmdline"), cmdline.getBytes(StandardCharsets.UTF_8));
    if (exe != null) {
      Files.createSymbolicLink(directory.resolve("exe"), Path.of(exe));
    }
    Files.createDirectories(directory.resolve("fd"));
    return this;
  }

  /** Adds descriptor {@code fd} of {@code pid} pointing at {@code target}, e.g. socket:[123]. */
  FakeProc descriptor(int pid, int fd, String target) throws IOException {
    Files.createSymbolicLink(root.resolve(pid + "/fd/" + fd), Path.of(target));
    return this;
  }

  /** Writes {@code /proc/net/TABLE} with a header and {@code lines}. */
  FakeProc table(String table, String... lines) throws IOException {
    StringBuilder text = new StringBuilder(TCP_HEADER);
    for (String line : lines) {
      text.append(line).append('\n');
    }
    Files.writeString(root.resolve("net").resolve(table), text);
    return this;
  }

  /** A table line: slot, local and remote as the kernel prints them, state, uid, inode. */
  static String line(int slot, String local, String remote, String state, int uid, long inode) {
    return String.format(
        "%4d: %s %s %s 00000000:00000000 00:00000000 00000000 %5d        0 %d 1 0000000000000000"
            + " 100 0 0 10 0",
        slot, local, remote, state, uid, inode);
  }
}
