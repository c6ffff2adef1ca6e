package io.firebreak.agent.credential;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * This host's local accounts: entries of {@code /etc/passwd} and {@code /etc/shadow} (read
 * directly, so an account from LDAP or another NSS source is never mistaken for a local one), and
 * the system's own tools to change them, {@code chpasswd} and {@code usermod}. Thread-safe.
 */
final class LocalAccounts {
  /** Lowest uid of an ordinary login account (Debian's and most distributions' UID_MIN). */
  static final int FIRST_ORDINARY_UID = 1000;

  /** The overflow account {@code nobody}, a system account despite its high uid. */
  static final int NOBODY_UID = 65534;

  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,31}\\$?");

  /**
   * A {@code /etc/passwd} entry.
   *
   * @param name the login name
   * @param uid the user id
   * @param gid the primary group id
   * @param home the home directory
   */
  record Account(String name, int uid, int gid, Path home) {}

  /**
   * A {@code /etc/shadow} entry, as far as rotation needs it.
   *
   * @param name the login name
   * @param hash the password field: a crypt hash such as {@code $y$...}, with {@code !} in front
   *     when the account is locked, or {@code *}/{@code !} for no password
   * @param lastChangeDay the day of the last password change (days since 1970-01-01), if set
   */
  record ShadowEntry(String name, String hash, OptionalLong lastChangeDay) {

    /** Whether password login is locked ({@code usermod -L} / {@code passwd -l}). */
    boolean locked() {
      return hash.startsWith("!");
    }

    /** The hash scheme, e.g. {@code $y$} (yescrypt) or {@code $6$} (SHA-512); {@code none}. */
    String algorithm() {
      String unlocked = hash.replaceFirst("^!+", "");
      int end = unlocked.startsWith("$") ? unlocked.indexOf('$', 1) : -1;
      return end > 0 ? unlocked.substring(0, end + 1) : "none";
    }

    @Override
    public String toString() {
      // Never print the hash: it is a verifier an attacker could crack offline.
      return "ShadowEntry[" + name + ", " + algorithm() + ", day " + lastChangeDay + "]";
    }
  }

  private final Path passwd;
  private final Path shadow;
  private final CommandRunner runner;
  private final Duration timeout;

  /**
   * @param passwd the passwd file
   * @param shadow the shadow file
   * @param runner runs chpasswd and usermod
   * @param timeout how long one tool run may take
   */
  LocalAccounts(Path passwd, Path shadow, CommandRunner runner, Duration timeout) {
    this.passwd = passwd;
    this.shadow = shadow;
    this.runner = runner;
    this.timeout = timeout;
  }

  /** The host's accounts in {@code /etc/passwd} and {@code /etc/shadow}. */
  static LocalAccounts system(CommandRunner runner, Duration timeout) {
    return new LocalAccounts(Path.of("/etc/passwd"), Path.of("/etc/shadow"), runner, timeout);
  }

  /**
   * Checks that {@code user} is a plausible login name, so it can go into a {@code user:password}
   * line safely (no colon, no line break).
   *
   * @throws IllegalArgumentException naming the problem
   */
  static void checkName(String user) {
    if (!USER_NAME.matcher(user).matches()) {
      throw new IllegalArgumentException(
          "'" + user + "' is not a valid user name (letters, digits, '_', '.', '-', at most 32)");
    }
  }

  /**
   * Why {@code account} must not be changed without being named in {@code allowed}: root, a system
   * account (uid below {@value #FIRST_ORDINARY_UID}) or nobody; empty for an ordinary account.
   */
  static Optional<String> protectedReason(Account account, Set<String> allowed) {
    if (allowed.contains(account.name())) {
      return Optional.empty();
    }
    if (account.uid() == 0) {
      return Optional.of("'" + account.name() + "' has uid 0 (root)");
    }
    if (account.uid() < FIRST_ORDINARY_UID || account.uid() == NOBODY_UID) {
      return Optional.of(
          "'" + account.name() + "' is a system account (uid " + account.uid() + ")");
    }
    return Optional.empty();
  }

  /** The passwd entry of {@code user}, if it is a local account. */
  Optional<Account> find(String user) throws IOException {
    return fields(passwd, user, 7)
        .map(
            field -> {
              try {
                return new Account(
                    field[0],
                    Integer.parseInt(field[2]),
                    Integer.parseInt(field[3]),
                    Path.of(field[5]));
              } catch (IllegalArgumentException e) {
                throw new IllegalStateException(passwd + " has a malformed entry for " + user, e);
              }
            });
  }

  /** The shadow entry of {@code user}, if it has one. */
  Optional<ShadowEntry> shadow(String user) throws IOException {
    return fields(shadow, user, 3)
        .map(
            field ->
                new ShadowEntry(
                    field[0],
                    field[1],
                    field[2].matches("\\d{1,9}")
                        ? OptionalLong.of(Long.parseLong(field[2]))
                        : OptionalLong.empty()));
  }

  /**
   * Sets the password of {@code user} with {@code chpasswd}, which reads {@code user:password} on
   * its standard input and hashes it as the system is configured to. The password is never on a
   * command line. The caller zeroes {@code password}; the copy made here is zeroed too.
   *
   * @throws IOException with chpasswd's exit status and error output if it fails
   */
  void setPassword(String user, byte[] password) throws IOException, InterruptedException {
    checkName(user);
    byte[] prefix = (user + ":").getBytes(StandardCharsets.US_ASCII);
    byte[] line = new byte[prefix.length + password.length + 1];
    System.arraycopy(prefix, 0, line, 0, prefix.length);
    System.arraycopy(password, 0, line, prefix.length, password.length);
    line[line.length - 1] = '\n';
    try {
      expectSuccess("chpasswd", runner.run(List.of(tool("chpasswd")), line, Map.of(), timeout));
    } finally {
      Arrays.fill(line, (byte) 0);
    }
  }

  /**
   * Locks password login of {@code user} again ({@code usermod -L}), as it was before a rotation.
   *
   * @throws IOException with usermod's exit status and error output if it fails
   */
  void lock(String user) throws IOException, InterruptedException {
    checkName(user);
    expectSuccess(
        "usermod -L",
        runner.run(List.of(tool("usermod"), "-L", user), new byte[0], Map.of(), timeout));
  }

  private static String tool(String name) {
    return ProcessCommandRunner.locate(name);
  }

  private static void expectSuccess(String tool, CommandRunner.Completed completed)
      throws IOException {
    if (!completed.succeeded()) {
      throw new IOException(tool + " failed (" + completed.summary() + ")");
    }
  }

  private static Optional<String[]> fields(Path file, String user, int minimumFields)
      throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    for (String line : lines) {
      String[] field = line.split(":", -1);
      if (field.length >= minimumFields && field[0].equals(user)) {
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }
}
