package io.firebreak.agent.credential;

import io.firebreak.agent.action.ActionResult;
import io.firebreak.agent.credential.CommandRunner.Completed;
import io.firebreak.agent.credential.SafeFiles.Snapshot;
import io.firebreak.agent.credential.Secrets.Encoding;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kind=service-secret}: replaces the secret file {@code path} (inside a {@code
 * --rotate-secret-dir}, see {@link SecretFiles}) with {@code bytes} (default 32) new random bytes
 * in {@code encoding} ({@code base64}, {@code base64url} or {@code hex}; no trailing newline), with
 * {@code mode} and {@code owner} ({@code user[:group]}) or else the file's own, then runs the
 * reload command the agent was configured with under the name {@code reload}, if given. The old
 * secret is first copied to a root-only backup. The write is atomic, so the service sees the old or
 * the new secret, never a mix. If the reload fails the result is FAILED and says that the new
 * secret is in place and where the old one is. The secret is never logged or reported, and is
 * redacted from reload output. Not thread-safe on its own; {@link RotateCredential} serializes.
 */
final class ServiceSecretRotation {
  /** The parameters of this kind. */
  static final Set<String> PARAMETERS =
      Set.of("path", "reload", "bytes", "encoding", "mode", "owner");

  static final int MAX_SECRET_FILE_BYTES = 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(ServiceSecretRotation.class);

  private final CommandRunner runner;
  private final CredentialSettings settings;

  ServiceSecretRotation(CommandRunner runner, CredentialSettings settings) {
    this.runner = runner;
    this.settings = settings;
  }

  ActionResult rotate(
      Parameters parameters, Path stateDirectory, Instant now, Map<String, String> evidence)
      throws InterruptedException {
    String requested = parameters.required("path");
    evidence.put("requested-path", requested);
    Optional<String> reload = parameters.optional("reload");
    if (reload.isPresent() && !settings.reloadCommands().containsKey(reload.get())) {
      throw new IllegalArgumentException(
          "parameter reload names '"
              + reload.get()
              + "', which this agent has no --rotate-reload command for ("
              + settings.reloadNames()
              + ")");
    }
    int size = parameters.integer("bytes", 32, 16, 4096);
    Encoding encoding =
        parameters.optional("encoding").map(Encoding::parse).orElse(Encoding.BASE64);
    Optional<Set<PosixFilePermission>> mode = parameters.optional("mode").map(SecretFiles::mode);
    byte[] secret = null;
    try {
      Optional<SecretFiles.Owner> owner =
          parameters.optional("owner").isPresent()
              ? Optional.of(SecretFiles.owner(parameters.required("owner")))
              : Optional.empty();
      Path path = SecretFiles.resolve(requested, settings.secretDirectories());
      evidence.put("path", path.toString());
      byte[] random = Secrets.randomBytes(size);
      secret = encoding.encode(random).getBytes(StandardCharsets.US_ASCII);
      Arrays.fill(random, (byte) 0);
      evidence.put("bytes", String.valueOf(size));
      evidence.put("encoding", encoding.toString());
      Path backup;
      try (SecureDirectoryStream<Path> directory = SafeFiles.openDirectory(path.getParent())) {
        Snapshot old =
            SafeFiles.read(directory, path.getFileName(), path, MAX_SECRET_FILE_BYTES)
                .orElseThrow(() -> new IOException(path + " disappeared"));
        UserPrincipal user = owner.map(SecretFiles.Owner::user).orElse(old.attributes().owner());
        GroupPrincipal group =
            owner.flatMap(SecretFiles.Owner::group).orElse(old.attributes().group());
        Set<PosixFilePermission> permissions = mode.orElse(old.attributes().permissions());
        try {
          backup =
              Backups.write(stateDirectory, now, "service-secret", path.toString(), old.content());
        } catch (IOException e) {
          throw new IOException("the current secret cannot be backed up: " + e.getMessage(), e);
        } finally {
          Arrays.fill(old.content(), (byte) 0);
        }
        evidence.put("backup", backup.toString());
        try {
          SafeFiles.replace(
              directory, path.getParent(), path.getFileName(), secret, user, group, permissions);
        } catch (IOException e) {
          throw new IOException(
              "writing the new secret failed ("
                  + e.getMessage()
                  + "); the previous secret is also kept in "
                  + backup,
              e);
        }
        evidence.put("size", String.valueOf(secret.length));
        evidence.put("mode", SecretFiles.octal(permissions));
        evidence.put("owner", user.getName() + ":" + group.getName());
      }
      log.info("service secret {} rotated (backup {})", path, backup);
      if (reload.isEmpty()) {
        evidence.put("reload", "none");
        return ActionResult.succeeded(
            "new secret in place at " + path + " (no reload requested)", evidence);
      }
      return reload(
          reload.get(), path, backup, new String(secret, StandardCharsets.US_ASCII), evidence);
    } catch (IOException e) {
      return ActionResult.failed("secret not rotated: " + e.getMessage(), evidence);
    } finally {
      if (secret != null) {
        Arrays.fill(secret, (byte) 0);
      }
    }
  }

  private ActionResult reload(
      String name, Path path, Path backup, String secret, Map<String, String> evidence)
      throws InterruptedException {
    evidence.put("reload", name);
    Completed completed;
    try {
      completed =
          runner.run(
              List.of("/bin/sh", "-c", settings.reloadCommands().get(name)),
              new byte[0],
              Map.of("FIREBREAK_SECRET_FILE", path.toString()),
              settings.reloadTimeout());
    } catch (IOException e) {
      return reloadFailed(name, path, backup, Secrets.redact(e.getMessage(), secret), evidence);
    }
    evidence.put(
        "reload.exit", completed.timedOut() ? "timeout" : String.valueOf(completed.exitCode()));
    evidence.put("reload.ms", String.valueOf(completed.millis()));
    if (!completed.succeeded()) {
      return reloadFailed(
          name, path, backup, Secrets.redact(completed.summary(), secret), evidence);
    }
    return ActionResult.succeeded(
        "new secret in place at "
            + path
            + "; reload '"
            + name
            + "' succeeded in "
            + completed.millis()
            + " ms",
        evidence);
  }

  private static ActionResult reloadFailed(
      String name, Path path, Path backup, String reason, Map<String, String> evidence) {
    log.error("service secret {} rotated, but reload '{}' failed: {}", path, name, reason);
    return ActionResult.failed(
        "the new secret IS in place at "
            + path
            + " (rotation cannot be undone by the agent), but reload '"
            + name
            + "' failed ("
            + reason
            + "), so the service may still use the old secret or fail to start. The old secret "
            + "is kept in the root-only backup "
            + backup
            + ": fix the reload and run it again, or copy the backup over "
            + path
            + " (same owner and mode) and reload by hand to go back.",
        evidence);
  }
}
