package io.firebreak.agent.evidence;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Turns one collection into evidence: a compact summary (counts, top entries, one line per file)
 * and the whole collection as the JSON document {@code report}. When the document is larger than
 * the configured limit, its lists are shortened evenly until it fits, and it stays valid JSON with
 * {@code "truncated": true} and the number of entries left out per list; evidence {@code truncated}
 * says the same. Sockets are ordered listening first, then established, so those are the last to
 * go. Stateless.
 */
final class EvidenceReport {
  /** How many entries a "top" summary line names. */
  static final int TOP = 10;

  /** How many files get their own summary line. */
  static final int FILE_LINES = 20;

  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

  private EvidenceReport() {}

  /**
   * One collection.
   *
   * @param hostId the host
   * @param collectedAt when collection started
   * @param kinds what was collected: {@code processes}, {@code connections}, {@code files}
   * @param processes the processes (empty unless collected)
   * @param sockets the sockets (empty unless collected)
   * @param files the requested files (empty unless requested)
   */
  record Collection(
      String hostId,
      Instant collectedAt,
      List<String> kinds,
      List<ProcessInfo> processes,
      List<SocketInfo> sockets,
      List<FileHash> files) {}

  /** The evidence of {@code collection}, with {@code report} at most {@code maxBytes} long. */
  static Map<String, String> evidence(Collection collection, int maxBytes) {
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("time", collection.collectedAt().toString());
    evidence.put("kinds", String.join(",", collection.kinds()));
    if (collection.kinds().contains("processes")) {
      summarizeProcesses(collection.processes(), evidence);
    }
    if (collection.kinds().contains("connections")) {
      Map<Integer, String> names =
          collection.processes().stream()
              .collect(Collectors.toMap(ProcessInfo::pid, ProcessInfo::name, (a, b) -> a));
      summarizeSockets(collection.sockets(), names, evidence);
    }
    if (collection.kinds().contains("files")) {
      summarizeFiles(collection.files(), evidence);
    }
    List<SocketInfo> sockets =
        collection.sockets().stream()
            .sorted(Comparator.comparingInt(EvidenceReport::rank))
            .toList();
    String report = render(collection, sockets, 1.0);
    int fullBytes = bytes(report);
    boolean truncated = fullBytes > maxBytes;
    for (double keep = 0.75; bytes(report) > maxBytes && keep > 1e-6; keep *= 0.75) {
      report = render(collection, sockets, keep);
    }
    if (bytes(report) > maxBytes) {
      report = render(collection, sockets, 0);
    }
    evidence.put("report", report);
    evidence.put("report.bytes", String.valueOf(bytes(report)));
    evidence.put("report.full-bytes", String.valueOf(fullBytes));
    evidence.put("truncated", String.valueOf(truncated));
    return evidence;
  }

  private static String render(Collection collection, List<SocketInfo> sockets, double keep) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("host", collection.hostId());
    document.put("collectedAt", collection.collectedAt().toString());
    document.put("kinds", collection.kinds());
    List<ProcessInfo> processes = cut(collection.processes(), keep);
    List<SocketInfo> connections = cut(sockets, keep);
    List<FileHash> files = cut(collection.files(), keep);
    document.put("processes", processes);
    document.put("connections", connections);
    document.put("files", files);
    document.put("truncated", keep < 1.0);
    if (keep < 1.0) {
      document.put(
          "omitted",
          Map.of(
              "processes", collection.processes().size() - processes.size(),
              "connections", sockets.size() - connections.size(),
              "files", collection.files().size() - files.size()));
    }
    return GSON.toJson(document);
  }

  private static <T> List<T> cut(List<T> list, double keep) {
    return keep >= 1.0 ? list : list.subList(0, (int) Math.floor(list.size() * keep));
  }

  private static void summarizeProcesses(
      List<ProcessInfo> processes, Map<String, String> evidence) {
    evidence.put("processes", String.valueOf(processes.size()));
    evidence.put("processes.by-user", top(counts(processes, ProcessInfo::user), 5));
    long deleted = processes.stream().filter(p -> p.executable().endsWith(" (deleted)")).count();
    if (deleted > 0) {
      // A process running a binary that was deleted after start is a classic implant trace.
      evidence.put(
          "processes.deleted-executable",
          processes.stream()
              .filter(p -> p.executable().endsWith(" (deleted)"))
              .limit(TOP)
              .map(p -> p.pid() + " " + p.executable())
              .collect(Collectors.joining(", ")));
    }
  }

  private static void summarizeSockets(
      List<SocketInfo> sockets, Map<Integer, String> names, Map<String, String> evidence) {
    evidence.put("connections", String.valueOf(sockets.size()));
    evidence.put("connections.by-state", top(counts(sockets, SocketInfo::state), TOP));
    List<SocketInfo> listening = sockets.stream().filter(SocketInfo::listening).toList();
    evidence.put(
        "listening",
        listening.isEmpty()
            ? "none"
            : listening.stream()
                    .limit(TOP)
                    .map(
                        socket ->
                            (socket.protocol()
                                    + " "
                                    + socket.local()
                                    + " "
                                    + holders(socket, names))
                                .strip())
                    .collect(Collectors.joining(", "))
                + more(listening.size(), TOP));
    evidence.put(
        "established.remote",
        top(
            counts(
                sockets.stream().filter(socket -> socket.state().equals("ESTABLISHED")).toList(),
                SocketInfo::remote),
            TOP));
  }

  private static void summarizeFiles(List<FileHash> files, Map<String, String> evidence) {
    evidence.put("files.hashed", String.valueOf(files.stream().filter(FileHash::hashed).count()));
    evidence.put(
        "files.missing",
        String.valueOf(files.stream().filter(file -> file.status().equals("missing")).count()));
    for (FileHash file : files.subList(0, Math.min(FILE_LINES, files.size()))) {
      evidence.put(
          "file:" + file.path(),
          file.hashed()
              ? "sha256:" + file.sha256() + " " + file.size() + " bytes"
              : file.status() + ": " + file.error());
    }
    if (files.size() > FILE_LINES) {
      evidence.put("files.more", String.valueOf(files.size() - FILE_LINES));
    }
  }

  private static <T> Map<String, Long> counts(List<T> items, Function<T, String> key) {
    return items.stream().collect(Collectors.groupingBy(key, Collectors.counting()));
  }

  /** E.g. {@code root=120, www-data=8 (+3 more)}, biggest first. */
  private static String top(Map<String, Long> counts, int limit) {
    if (counts.isEmpty()) {
      return "none";
    }
    return counts.entrySet().stream()
            .sorted(
                Map.Entry.<String, Long>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(limit)
            .map(entry -> entry.getKey() + "=" + entry.getValue())
            .collect(Collectors.joining(", "))
        + more(counts.size(), limit);
  }

  private static String more(int total, int shown) {
    return total > shown ? " (+" + (total - shown) + " more)" : "";
  }

  /** E.g. {@code sshd[812]}, or {@code pid 812} when the process list was not collected. */
  private static String holders(SocketInfo socket, Map<Integer, String> names) {
    return socket.pids().stream()
        .map(pid -> names.containsKey(pid) ? names.get(pid) + "[" + pid + "]" : "pid " + pid)
        .collect(Collectors.joining(" "));
  }

  /** Listening sockets first, then established, then the rest. */
  private static int rank(SocketInfo socket) {
    return socket.listening() ? 0 : socket.state().equals("ESTABLISHED") ? 1 : 2;
  }

  private static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }
}
