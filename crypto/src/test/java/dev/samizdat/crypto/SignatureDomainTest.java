package dev.samizdat.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A signature made in one domain verifies in that domain only, and never as a raw signature. */
class SignatureDomainTest {
  private static final List<String> LABELS = List.of(
      "a", "ab", "abc", "b", "samizdat/prekey-bundle/v1", "samizdat/prekey-bundle/v2", "samizdat/prekey-bundle",
      "samizdat/feed-entry/v1", "samizdat/feed-entry/v1/", "samizdat/feed-head/v1", "x".repeat(255));

  private final Ed25519PrivateKey key = Ed25519PrivateKey.fromSeed(Hashes.sha256("domain test".getBytes(StandardCharsets.UTF_8)));

  @Test
  void aSignatureVerifiesOnlyUnderItsOwnLabel() {
    for (byte[] message : List.of(new byte[0], "hello".getBytes(StandardCharsets.UTF_8), new byte[300])) {
      for (String signedUnder : LABELS) {
        byte[] signature = key.sign(SignatureDomain.of(signedUnder), message);
        for (String checkedUnder : LABELS) {
          assertThat(key.publicKey().verify(SignatureDomain.of(checkedUnder), message, signature))
              .as("signed under %s, checked under %s", signedUnder, checkedUnder)
              .isEqualTo(signedUnder.equals(checkedUnder));
        }
        assertThat(key.publicKey().verify(message, signature)).as("raw, signed under %s", signedUnder).isFalse();
      }
    }
  }

  /** Moving bytes between label and message must not keep a signature valid: the length prefix sees to it. */
  @Test
  void labelAndMessageBoundaryCannotShift() {
    byte[] signature = key.sign(SignatureDomain.of("a"), "bc".getBytes(StandardCharsets.US_ASCII));
    assertThat(key.publicKey().verify(SignatureDomain.of("ab"), "c".getBytes(StandardCharsets.US_ASCII), signature))
        .isFalse();
    assertThat(key.publicKey().verify(SignatureDomain.of("abc"), new byte[0], signature)).isFalse();
    assertThat(key.publicKey().verify(SignatureDomain.of("a"), "bc".getBytes(StandardCharsets.US_ASCII), signature))
        .isTrue();
  }

  @Test
  void aRawSignatureDoesNotVerifyInADomain() {
    byte[] message = "payload".getBytes(StandardCharsets.US_ASCII);
    byte[] raw = key.sign(message);
    for (String label : LABELS) {
      assertThat(key.publicKey().verify(SignatureDomain.of(label), message, raw)).isFalse();
    }
  }

  @Test
  void requireValidThrowsAuthenticationExceptionNamingTheThing() {
    byte[] signature = key.sign(SignatureDomain.of("a"), new byte[1]);
    assertThatThrownBy(() -> key.publicKey().requireValid(SignatureDomain.of("ab"), new byte[1], signature, "test blob"))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("test blob");
  }

  @Test
  void labelsMustBeShortNonEmptyAscii() {
    assertThatThrownBy(() -> SignatureDomain.of("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SignatureDomain.of("x".repeat(256))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SignatureDomain.of("caf\u00e9")).isInstanceOf(IllegalArgumentException.class);
  }
}
