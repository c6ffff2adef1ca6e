package io.firebreak.agent.credential;

import static org.assertj.core.api.Assertions.assertThat;

import io.firebreak.agent.credential.AuthorizedKeys.Key;
import io.firebreak.agent.credential.AuthorizedKeys.LineKind;
import org.junit.jupiter.api.Test;

class AuthorizedKeysTest {

  @Test
  void parse_computesTheFingerprintsSshKeygenPrints() {
    assertThat(AuthorizedKeys.parse(TestKeys.ALICE).orElseThrow().fingerprint())
        .isEqualTo(TestKeys.ALICE_FINGERPRINT);
    assertThat(AuthorizedKeys.parse(TestKeys.MALLORY).orElseThrow().fingerprint())
        .isEqualTo(TestKeys.MALLORY_FINGERPRINT);
    assertThat(AuthorizedKeys.parse(TestKeys.DEPLOY).orElseThrow().fingerprint())
        .isEqualTo(TestKeys.DEPLOY_FINGERPRINT);
  }

  @Test
  void parse_readsTypeAndCommentWithSpaces() {
    Key key = AuthorizedKeys.parse(TestKeys.DEPLOY).orElseThrow();

    assertThat(key.type()).isEqualTo("ssh-rsa");
    assertThat(key.comment()).isEqualTo("ci deploy key");
    assertThat(key.matches("ci deploy key")).isTrue();
    assertThat(key.matches(TestKeys.DEPLOY_FINGERPRINT)).isTrue();
    assertThat(key.matches("ci")).isFalse();
  }

  @Test
  void parse_withOptionsHoldingQuotedSpaces_findsTheKeyAfterThem() {
    String line =
        "from=\"10.0.0.1,10.0.0.2\",command=\"echo hello world\",no-pty " + TestKeys.MALLORY;

    Key key = AuthorizedKeys.parse(line).orElseThrow();

    assertThat(key.type()).isEqualTo("ssh-ed25519");
    assertThat(key.fingerprint()).isEqualTo(TestKeys.MALLORY_FINGERPRINT);
    assertThat(key.comment()).isEqualTo("mallory@evil");
    assertThat(key.line()).isEqualTo(line);
  }

  @Test
  void parse_withoutComment_hasAnEmptyCommentThatMatchesNothing() {
    String line = TestKeys.ALICE.substring(0, TestKeys.ALICE.lastIndexOf(' '));

    Key key = AuthorizedKeys.parse(line).orElseThrow();

    assertThat(key.comment()).isEmpty();
    assertThat(key.matches("")).isFalse();
  }

  @Test
  void kind_tellsKeysCommentsAndUnparsedLinesApart() {
    String blob = TestKeys.ALICE.split(" ")[1];

    assertThat(AuthorizedKeys.kind(TestKeys.ALICE)).isEqualTo(LineKind.KEY);
    assertThat(AuthorizedKeys.kind("  # ssh-ed25519 " + blob)).isEqualTo(LineKind.COMMENT);
    assertThat(AuthorizedKeys.kind("   ")).isEqualTo(LineKind.COMMENT);
    assertThat(AuthorizedKeys.kind("ssh-rsa " + blob + " type does not match the blob"))
        .isEqualTo(LineKind.UNPARSED);
    assertThat(AuthorizedKeys.kind("ssh-ed25519 not*base64")).isEqualTo(LineKind.UNPARSED);
    assertThat(AuthorizedKeys.kind("garbage")).isEqualTo(LineKind.UNPARSED);
  }
}
