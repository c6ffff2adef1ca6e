package io.firebreak.agent.credential;

import io.firebreak.agent.action.ActionResult;
import io.firebreak.agent.credential.AuthorizedKeys.Key;
import io.firebreak.agent.credential.AuthorizedKeys.LineKind;
import io.firebreak.agent.credential.LocalAccounts.Account;
import io.firebreak.agent.credential.SafeFiles.Snapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kind=ssh-authorized-keys}, parameters {@code user} and optional {@code keys}: removes
 * every key, or only the keys named by fingerprint ({@code SHA256:...} as {@code ssh-keygen -lf}
 * prints it) or by comment (every key with that comment), from the account's {@code
 * ~/.ssh/authorized_keys} and {@code ~/.ssh/authorized_keys2} (both are read by sshd's default
 * configuration). Removing every key also removes lines that are not valid keys; comments and blank
 * lines stay. Each changed file is first copied to a root-only backup, then replaced atomically
 * with its owner and mode kept (see {@link SafeFiles}: no link in {@code ~/.ssh} is followed). A
 * named key that is not present is reported, not an error: the point is that it no longer grants
 * access. Root and system accounts are refused unless {@code --rotate-allow-user} names them. Not
 * thread-safe on its own; {@link RotateCredential} serializes.
 */
final class AuthorizedKeysRotation {
  /** The parameters of this kind. */
  static final Set<String> PARAMETERS = Set.of("user", "keys");

  static final List<String> FILES = List.of("authorized_keys", "authorized_keys2");
  static final int MAX_FILE_BYTES = 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(AuthorizedKeysRotation.class);

  private final LocalAccounts accounts;
  private final CredentialSettings settings;

  AuthorizedKeysRotation(LocalAccounts accounts, CredentialSettings settings) {
    this.accounts = accounts;
    this.settings = settings;
  }

  /** The outcome for one file: its new content, the keys that stay and go, unparsed lines. */
  record Filtered(String content, List<Key> kept, List<Key> removed, int unparsed) {}

  ActionResult rotate(
      Parameters parameters, Path stateDirectory, Instant now, Map<String, String> evidence) {
    String user = parameters.required("user");
    LocalAccounts.checkName(user);
    List<String> selectors = parameters.list("keys");
    evidence.put("user", user);
    evidence.put("selection", selectors.isEmpty() ? "all keys" : String.join(", ", selectors));
    Account account;
    try {
      Optional<Account> found = accounts.find(user);
      if (found.isEmpty()) {
        return ActionResult.failed(
            "keys not removed: there is no local account '" + user + "' in /etc/passwd", evidence);
      }
      account = found.get();
    } catch (IOException | IllegalStateException e) {
      return ActionResult.failed("keys not removed: " + e.getMessage(), evidence);
    }
    Optional<String> refusal = LocalAccounts.protectedReason(account, settings.allowedUsers());
    if (refusal.isPresent()) {
      return ActionResult.failed(
          "keys not removed: "
              + refusal.get()
              + "; the agent changes it only if started with --rotate-allow-user "
              + user,
          evidence);
    }

    Progress progress = new Progress();
    try {
      removeKeys(account, selectors, stateDirectory, now, progress);
    } catch (IOException e) {
      progress.describe(evidence);
      log.warn("authorized keys of {} not (all) removed: {}", user, e.getMessage());
      return ActionResult.failed(
          "keys not removed: "
              + e.getMessage()
              + (progress.changed.isEmpty()
                  ? ""
                  : "; already changed: " + String.join(", ", progress.changed)),
          evidence);
    }
    progress.describe(evidence);
    List<String> missing =
        selectors.stream()
            .filter(selector -> progress.removed.stream().noneMatch(key -> key.matches(selector)))
            .toList();
    if (!missing.isEmpty()) {
      evidence.put("not-found", String.join(", ", missing));
    }
    log.info(
        "authorized keys of {}: removed {}, kept {}",
        user,
        progress.removed.size(),
        progress.kept.size());
    return ActionResult.succeeded(summary(user, progress, missing), evidence);
  }

  /**
   * Filters each authorized keys file of {@code account}, backing up and replacing changed ones.
   */
  private static void removeKeys(
      Account account, List<String> selectors, Path stateDirectory, Instant now, Progress progress)
      throws IOException {
    if (!account.home().isAbsolute()) {
      throw new IOException("the home directory of " + account.name() + " is not absolute");
    }
    SecureDirectoryStream<Path> home;
    Path sshPath;
    try {
      // The home path and its links are root's (/etc/passwd, /home); only what lies inside the
      // home belongs to the user, and from there on no link is followed.
      Path realHome = account.home().toRealPath();
      sshPath = realHome.resolve(".ssh");
      home = SafeFiles.openDirectory(realHome);
    } catch (NoSuchFileException e) {
      return; // No home directory: no key can be authorized there.
    }
    try (home) {
      Optional<SecureDirectoryStream<Path>> opened =
          SafeFiles.openChild(home, Path.of(".ssh"), sshPath);
      if (opened.isEmpty()) {
        return;
      }
      try (SecureDirectoryStream<Path> ssh = opened.get()) {
        for (String file : FILES) {
          Path where = sshPath.resolve(file);
          Optional<Snapshot> snapshot = SafeFiles.read(ssh, Path.of(file), where, MAX_FILE_BYTES);
          if (snapshot.isEmpty()) {
            continue;
          }
          Filtered filtered = filter(snapshot.get().content(), selectors);
          progress.kept.addAll(filtered.kept());
          progress.removed.addAll(filtered.removed());
          progress.unparsed += filtered.unparsed();
          boolean dropsUnparsed = selectors.isEmpty() && filtered.unparsed() > 0;
          if (filtered.removed().isEmpty() && !dropsUnparsed) {
            continue;
          }
          Path backup =
              Backups.write(
                  stateDirectory,
                  now,
                  "ssh-authorized-keys",
                  account.name() + "." + file,
                  snapshot.get().content());
          progress.backups.add(backup.toString());
          PosixFileAttributes attributes = snapshot.get().attributes();
          SafeFiles.replace(
              ssh,
              sshPath,
              Path.of(file),
              filtered.content().getBytes(StandardCharsets.UTF_8),
              attributes.owner(),
              attributes.group(),
              attributes.permissions());
          progress.changed.add(where.toString());
        }
      }
    }
  }

  /** Splits {@code content} into kept and removed lines, keeping line endings and order. */
  static Filtered filter(byte[] content, List<String> selectors) {
    StringBuilder out = new StringBuilder();
    List<Key> kept = new ArrayList<>();
    List<Key> removed = new ArrayList<>();
    int unparsed = 0;
    String[] lines = new String(content, StandardCharsets.UTF_8).split("\n", -1);
    for (int index = 0; index < lines.length; index++) {
      String line = lines[index];
      LineKind kind = AuthorizedKeys.kind(line);
      boolean keep;
      if (kind == LineKind.KEY) {
        Key key = AuthorizedKeys.parse(line).orElseThrow();
        keep = !selectors.isEmpty() && selectors.stream().noneMatch(key::matches);
        (keep ? kept : removed).add(key);
      } else {
        unparsed += kind == LineKind.UNPARSED ? 1 : 0;
        keep = kind == LineKind.COMMENT || !selectors.isEmpty();
      }
      if (keep) {
        out.append(line);
        if (index < lines.length - 1) {
          out.append('\n');
        }
      }
    }
    return new Filtered(out.toString(), kept, removed, unparsed);
  }

  private static String fingerprints(List<Key> keys) {
    Set<String> unique = new LinkedHashSet<>();
    keys.forEach(key -> unique.add(key.fingerprint()));
    return unique.isEmpty() ? "none" : String.join(", ", unique);
  }

  private static String summary(String user, Progress progress, List<String> missing) {
    String text =
        progress.removed.isEmpty()
            ? "no authorized key of " + user + " had to be removed"
            : "removed " + progress.removed.size() + " authorized key(s) of " + user;
    text += "; " + progress.kept.size() + " remain";
    if (!missing.isEmpty()) {
      text += "; not present (nothing to remove): " + String.join(", ", missing);
    }
    return text;
  }

  /** What the rotation has found and done so far, over all files. */
  private static final class Progress {
    final List<Key> kept = new ArrayList<>();
    final List<Key> removed = new ArrayList<>();
    final List<String> changed = new ArrayList<>();
    final List<String> backups = new ArrayList<>();
    int unparsed;

    void describe(Map<String, String> evidence) {
      evidence.put("keys.before", String.valueOf(kept.size() + removed.size()));
      evidence.put("keys.after", String.valueOf(kept.size()));
      evidence.put("removed", fingerprints(removed));
      evidence.put("kept", fingerprints(kept));
      evidence.put("changed-files", changed.isEmpty() ? "none" : String.join(", ", changed));
      if (!backups.isEmpty()) {
        evidence.put("backup", String.join(", ", backups));
      }
      if (unparsed > 0) {
        evidence.put("unparsed-lines", String.valueOf(unparsed));
      }
    }
  }
}
