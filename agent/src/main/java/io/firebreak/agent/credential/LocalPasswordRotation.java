package io.firebreak.agent.credential;

import io.firebreak.agent.action.ActionResult;
import io.firebreak.agent.credential.LocalAccounts.Account;
import io.firebreak.agent.credential.LocalAccounts.ShadowEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kind=local-password}, parameter {@code user}: gives a local account a new random password
 * through {@code chpasswd}, which nobody learns (the responder resets it when the account is needed
 * again). The password is generated here, written only to chpasswd's standard input and zeroed; it
 * is never logged, returned or fingerprinted. A locked account stays locked. The proof is the
 * shadow entry read back: its hash changed (compared in memory, never reported), its last-change
 * day and hash scheme. Root, system accounts and nobody are refused unless {@code
 * --rotate-allow-user} names them. Not thread-safe on its own; {@link RotateCredential} serializes.
 */
final class LocalPasswordRotation {
  /** The parameters of this kind. */
  static final Set<String> PARAMETERS = Set.of("user");

  private static final Logger log = LoggerFactory.getLogger(LocalPasswordRotation.class);

  private final LocalAccounts accounts;
  private final CredentialSettings settings;

  LocalPasswordRotation(LocalAccounts accounts, CredentialSettings settings) {
    this.accounts = accounts;
    this.settings = settings;
  }

  ActionResult rotate(Parameters parameters, Map<String, String> evidence)
      throws InterruptedException {
    String user = parameters.required("user");
    LocalAccounts.checkName(user);
    evidence.put("user", user);
    ShadowEntry before;
    try {
      Optional<Account> account = accounts.find(user);
      if (account.isEmpty()) {
        return ActionResult.failed(
            "password not rotated: there is no local account '" + user + "' in /etc/passwd",
            evidence);
      }
      evidence.put("uid", String.valueOf(account.get().uid()));
      Optional<String> refusal =
          LocalAccounts.protectedReason(account.get(), settings.allowedUsers());
      if (refusal.isPresent()) {
        return ActionResult.failed(
            "password not rotated: "
                + refusal.get()
                + "; the agent changes it only if started with --rotate-allow-user "
                + user,
            evidence);
      }
      Optional<ShadowEntry> entry = accounts.shadow(user);
      if (entry.isEmpty()) {
        return ActionResult.failed(
            "password not rotated: '" + user + "' has no entry in /etc/shadow", evidence);
      }
      before = entry.get();
    } catch (IOException | IllegalStateException e) {
      return ActionResult.failed("password not rotated: " + e.getMessage(), evidence);
    }
    evidence.put("shadow.last-change-before", day(before.lastChangeDay()));
    evidence.put("hash-algorithm-before", before.algorithm());

    byte[] password = Secrets.password();
    try {
      accounts.setPassword(user, password);
    } catch (IOException e) {
      String reason =
          Secrets.redact(e.getMessage(), new String(password, StandardCharsets.US_ASCII));
      log.warn("password of {} not rotated: {}", user, reason);
      return ActionResult.failed(
          "password not rotated: " + reason + "; " + stateAfterFailure(user, before), evidence);
    } finally {
      Arrays.fill(password, (byte) 0);
    }
    if (before.locked()) {
      try {
        accounts.lock(user);
      } catch (IOException e) {
        log.error(
            "password of {} rotated, but it could not be locked again: {}", user, e.getMessage());
        return ActionResult.failed(
            "the password of "
                + user
                + " was rotated, but the account was locked before and could not be locked again ("
                + e.getMessage()
                + "); lock it by hand: usermod -L "
                + user,
            evidence);
      }
    }
    return verify(user, before, evidence);
  }

  private ActionResult verify(String user, ShadowEntry before, Map<String, String> evidence) {
    ShadowEntry after;
    try {
      after =
          accounts
              .shadow(user)
              .orElseThrow(() -> new IOException(user + " vanished from /etc/shadow"));
    } catch (IOException e) {
      return ActionResult.failed(
          "chpasswd succeeded, but the shadow entry cannot be read back: " + e.getMessage(),
          evidence);
    }
    boolean changed = !after.hash().equals(before.hash());
    evidence.put("hash-changed", String.valueOf(changed));
    evidence.put("shadow.last-change", day(after.lastChangeDay()));
    evidence.put("hash-algorithm", after.algorithm());
    evidence.put("locked", String.valueOf(after.locked()));
    if (!changed) {
      return ActionResult.failed(
          "chpasswd reported success, but the password hash of " + user + " is unchanged",
          evidence);
    }
    if (after.locked() != before.locked()) {
      return ActionResult.failed(
          "the password of " + user + " was rotated, but the account is no longer locked",
          evidence);
    }
    log.info("password of {} rotated ({})", user, after.algorithm());
    return ActionResult.succeeded(
        "password of "
            + user
            + " rotated to a random one nobody knows"
            + (after.locked() ? " (the account stays locked)" : ""),
        evidence);
  }

  /** Whether a failed chpasswd left the entry as it was, from a fresh read. */
  private String stateAfterFailure(String user, ShadowEntry before) {
    try {
      Optional<ShadowEntry> now = accounts.shadow(user);
      return now.isPresent() && now.get().hash().equals(before.hash())
          ? "the password is unchanged"
          : "the shadow entry changed anyway; check the account";
    } catch (IOException e) {
      return "whether the password changed is unknown (" + e.getMessage() + ")";
    }
  }

  /** E.g. {@code 20117 (2025-01-28)}, or {@code unset}. */
  private static String day(OptionalLong day) {
    return day.isPresent()
        ? day.getAsLong() + " (" + LocalDate.ofEpochDay(day.getAsLong()) + ")"
        : "unset";
  }
}
