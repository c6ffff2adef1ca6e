package io.firebreak.agent.credential;

/** Public keys made with ssh-keygen, with the fingerprints {@code ssh-keygen -lf} printed. */
final class TestKeys {
  static final String ALICE =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBRFgJwt3eFvAXhMeS406UVfg061bGmuL3bLNI8RE992"
          + " alice@laptop";
  static final String ALICE_FINGERPRINT = "SHA256:Mb5qC3FYl7xV31F3K4F0hQKKv47hBeRkUl4h7yxEwSA";

  static final String MALLORY =
      "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGBxFiG7OgU+wkl+2zEqyuoyqf+H+wmp68elSRzfTa/J"
          + " mallory@evil";
  static final String MALLORY_FINGERPRINT = "SHA256:SPvMRMG43v/LBpcOGXA8ZIPPJeswdtC4drP1lg6Wg2o";

  static final String DEPLOY =
      "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQCpmyg/w2ppzIFkVlt06eQWxiPsaHkc/WxJMc6l+8zyryMSqJeuHuXJ"
          + "va/oxRuQR4MK484rBHf+D6kqkY8bRCFf3lFRRSmQ4j3JvM4B1BjN91YwYzbS/90AT0sDduen7tpD+ufiRaFfiM/jfYcbgVJZtot/xRRKUly7z0nD28d5yQ=="
          + " ci deploy key";
  static final String DEPLOY_FINGERPRINT = "SHA256:pX/c/RkYj5Xc74kfzC5f8WM69YVQbOsVQvazc/ouTTE";

  private TestKeys() {}
}
