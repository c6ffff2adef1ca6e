package io.firebreak.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentMainTest {
  @TempDir Path dir;
  private final StringWriter err = new StringWriter();
  private final StringWriter out = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = new CommandLine(new AgentMain());
    commandLine.setErr(new PrintWriter(err, true));
    commandLine.setOut(new PrintWriter(out, true));
    return commandLine.execute(args);
  }

  private String trust() {
    return dir.resolve("missing.pub").toString();
  }

  @Test
  void execute_withoutGateway_isAUsageErrorNamingIt() {
    int exit = run("--partition", "p1", "--trust", trust());
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--gateway");
  }

  @Test
  void execute_withoutPartition_isAUsageErrorNamingIt() {
    int exit = run("--gateway", "localhost:7070", "--trust", trust());
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--partition");
  }

  @Test
  void execute_withoutTrust_isAUsageErrorNamingIt() {
    int exit = run("--gateway", "localhost:7070", "--partition", "p1");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--trust");
  }

  @Test
  void execute_withAMalformedGateway_isAUsageError() {
    int exit = run("--gateway", "localhost", "--partition", "p1", "--trust", trust());
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--gateway must be HOST:PORT, got 'localhost'");
  }

  @Test
  void execute_withABadJournalSync_isAUsageErrorNamingIt() {
    int exit =
        run(
            "--gateway",
            "localhost:7070",
            "--partition",
            "p1",
            "--trust",
            trust(),
            "--journal-sync",
            "sometimes");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--journal-sync").contains("sometimes");
  }

  @Test
  void execute_withTwoPartitionsWithoutSimulate_isAUsageError() {
    int exit =
        run(
            "--gateway",
            "localhost:7070",
            "--partition",
            "p1",
            "--partition",
            "p2",
            "--trust",
            trust());
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--partition may be given only once without --simulate");
  }

  @Test
  void execute_withANonPositiveSimulate_isAUsageError() {
    int exit =
        run(
            "--gateway",
            "localhost:7070",
            "--partition",
            "p1",
            "--trust",
            trust(),
            "--simulate",
            "0");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--simulate needs a positive number of hosts");
  }

  @Test
  void execute_withAnUnreadableTrustFile_namesTheFile() {
    int exit = run("--gateway", "localhost:7070", "--partition", "p1", "--trust", trust());
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("cannot read trust file " + trust() + ": no such file");
  }

  @Test
  void execute_withATrustFileThatIsNotAKey_namesTheFile() throws Exception {
    Path notAKey = java.nio.file.Files.writeString(dir.resolve("notes.txt"), "hello\n");
    int exit =
        run("--gateway", "localhost:7070", "--partition", "p1", "--trust", notAKey.toString());
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("cannot read trust file " + notAKey);
  }

  @Test
  void execute_withHelp_printsTheFlagsAndExitsZero() {
    int exit = run("--help");
    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains(
            "--gateway", "--simulate", "--journal-sync", "--state-dir", "--simulate-latency-ms");
  }

  @Test
  void execute_withAMalformedIsolationAllow_isAUsageErrorNamingIt() {
    int exit =
        run(
            "--gateway",
            "localhost:7070",
            "--partition",
            "p1",
            "--trust",
            trust(),
            "--isolation-allow",
            "10.0.0.0/8",
            "--isolation-allow",
            "intranet");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--isolation-allow: 'intranet' is not an IPv4 or IPv6");
  }

  @Test
  void execute_withAMalformedIsolationProbe_isAUsageErrorNamingIt() {
    int exit =
        run(
            "--gateway",
            "localhost:7070",
            "--partition",
            "p1",
            "--trust",
            trust(),
            "--isolation-probe",
            "10.0.0.9");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--isolation-probe: '10.0.0.9' is not HOST:PORT");
  }

  @Test
  void execute_withIsolationFlagsAndSimulate_isAUsageError() {
    int exit =
        run(
            "--gateway",
            "localhost:7070",
            "--partition",
            "p1",
            "--trust",
            trust(),
            "--simulate",
            "2",
            "--isolation-allow-dns");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--isolation-* flags configure a real agent");
  }

  @Test
  void execute_withHelp_listsTheIsolationFlags() {
    int exit = run("--help");
    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains(
            "--isolation-allow=CIDR",
            "--isolation-probe=HOST:PORT",
            "--isolation-allow-dns",
            "--isolation-allow-dhcp");
  }

  private int runReal(String... flags) {
    String[] base = {"--gateway", "localhost:7070", "--partition", "p1", "--trust", trust()};
    String[] args = new String[base.length + flags.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(flags, 0, args, base.length, flags.length);
    return run(args);
  }

  @Test
  void execute_withASecretDirThatIsNotADirectory_isAUsageErrorNamingIt() {
    int exit = runReal("--rotate-secret-dir", dir.resolve("missing").toString());
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("--rotate-secret-dir: " + dir.resolve("missing") + " is not an absolute path");
  }

  @Test
  void execute_withTheRootDirectoryAsSecretDir_isAUsageError() {
    int exit = runReal("--rotate-secret-dir", "/");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("--rotate-secret-dir: / would let commands replace any file");
  }

  @Test
  void execute_withAMalformedReload_isAUsageErrorNamingIt() {
    int exit = runReal("--rotate-reload", "bad name=systemctl reload x");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--rotate-reload must be NAME=COMMAND");
  }

  @Test
  void execute_withAnInvalidAllowedUser_isAUsageErrorNamingIt() {
    int exit = runReal("--rotate-allow-user", "root:x");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--rotate-allow-user: 'root:x' is not a valid user name");
  }

  @Test
  void execute_withATinyEvidenceReport_isAUsageError() {
    int exit = runReal("--evidence-report-max-bytes", "100");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--evidence-*: the report limit must be at least 4096");
  }

  @Test
  void execute_withRotateFlagsAndSimulate_isAUsageError() {
    int exit = runReal("--simulate", "2", "--rotate-secret-dir", dir.toString());
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("--rotate-* and --evidence-* flags configure a real agent");
  }

  @Test
  void execute_withHelp_listsTheRotateAndEvidenceFlags() {
    int exit = run("--help");
    assertThat(exit).isZero();
    assertThat(out.toString())
        .contains(
            "--rotate-allow-user=NAME",
            "--rotate-secret-dir=DIR",
            "--rotate-reload=NAME=COMMAND",
            "--evidence-report-max-bytes=BYTES",
            "--evidence-file-max-bytes=BYTES");
  }
}
