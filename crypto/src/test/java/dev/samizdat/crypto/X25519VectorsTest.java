package dev.samizdat.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** X25519 against RFC 7748 §5.2 and §6.1, and Wycheproof, on every provider that loads here. */
class X25519VectorsTest {

  static List<X25519Provider> providers() {
    return Arrays.stream(X25519Provider.values()).filter(X25519Provider::isAvailable).toList();
  }

  private static byte[] x25519(X25519Provider provider, byte[] scalar, byte[] u) {
    return X25519PrivateKey.fromBytes(scalar).agree(X25519PublicKey.fromBytes(u), provider);
  }

  @ParameterizedTest
  @MethodSource("providers")
  void rfc7748Section52FirstVector(X25519Provider provider) {
    byte[] out = x25519(provider,
        Bytes.fromHex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4"),
        Bytes.fromHex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c"));
    assertThat(Bytes.hex(out)).isEqualTo("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");
  }

  /** The u-coordinate has its top bit set, which X25519 must ignore (RFC 7748 §5). */
  @ParameterizedTest
  @MethodSource("providers")
  void rfc7748Section52SecondVector(X25519Provider provider) {
    byte[] out = x25519(provider,
        Bytes.fromHex("4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d"),
        Bytes.fromHex("e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493"));
    assertThat(Bytes.hex(out)).isEqualTo("95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957");
  }

  /** RFC 7748 §5.2: k = u = 9; repeatedly k ← X25519(k, u), u ← old k. */
  private static byte[] iterate(X25519Provider provider, int iterations) {
    byte[] k = new byte[32];
    k[0] = 9;
    byte[] u = k.clone();
    for (int i = 0; i < iterations; i++) {
      byte[] next = x25519(provider, k, u);
      u = k;
      k = next;
    }
    return k;
  }

  @ParameterizedTest
  @MethodSource("providers")
  void rfc7748IteratedOnce(X25519Provider provider) {
    assertThat(Bytes.hex(iterate(provider, 1))).isEqualTo("422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
  }

  @ParameterizedTest
  @MethodSource("providers")
  void rfc7748IteratedThousandTimes(X25519Provider provider) {
    assertThat(Bytes.hex(iterate(provider, 1_000)))
        .isEqualTo("684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
  }

  /** Takes minutes; run with -Dsamizdat.slowVectors=true. */
  @ParameterizedTest
  @MethodSource("providers")
  void rfc7748IteratedMillionTimes(X25519Provider provider) {
    assumeTrue(Boolean.getBoolean("samizdat.slowVectors"), "set -Dsamizdat.slowVectors=true to run");
    assertThat(Bytes.hex(iterate(provider, 1_000_000)))
        .isEqualTo("7c3911e0ab2586fd864497297e575e6f3bc601c0883c30df5f4dd2d24f887424");
  }

  @ParameterizedTest
  @MethodSource("providers")
  void rfc7748Section61DiffieHellman(X25519Provider provider) {
    X25519PrivateKey alice = X25519PrivateKey.fromBytes(
        Bytes.fromHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
    X25519PrivateKey bob = X25519PrivateKey.fromBytes(
        Bytes.fromHex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
    assertThat(Bytes.hex(alice.publicKey().toBytes()))
        .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    assertThat(Bytes.hex(bob.publicKey().toBytes()))
        .isEqualTo("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    String shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
    assertThat(Bytes.hex(alice.agree(bob.publicKey(), provider))).isEqualTo(shared);
    assertThat(Bytes.hex(bob.agree(alice.publicKey(), provider))).isEqualTo(shared);
  }

  static Stream<VectorFile.Case> wycheproof() {
    return VectorFile.load("wycheproof/x25519.txt").stream();
  }

  static Stream<Arguments> wycheproofOnEveryProvider() {
    return providers().stream().flatMap(p -> wycheproof().map(v -> Arguments.of(p, v)));
  }

  /**
   * Our contract: a low-order peer key (all-zero shared secret) is refused with AuthenticationException;
   * every other input, including twist points and non-canonical encodings ("acceptable" in Wycheproof),
   * gives exactly the RFC 7748 result.
   */
  @ParameterizedTest(name = "Wycheproof X25519 {0} {1}")
  @MethodSource("wycheproofOnEveryProvider")
  void wycheproofAgreement(X25519Provider provider, VectorFile.Case vector) {
    byte[] expected = vector.hex("shared");
    if (Arrays.equals(expected, new byte[32])) {
      assertThatThrownBy(() -> x25519(provider, vector.hex("private"), vector.hex("public")))
          .as(vector.toString())
          .isInstanceOf(AuthenticationException.class)
          .hasMessage(X25519Provider.LOW_ORDER);
    } else {
      assertThat(Bytes.hex(x25519(provider, vector.hex("private"), vector.hex("public"))))
          .as(vector.toString())
          .isEqualTo(Bytes.hex(expected));
    }
  }

  @Test
  void wycheproofSelectionIncludesLowOrderPoints() {
    assertThat(wycheproof().filter(v -> v.hasFlag("LowOrderPublic")).count()).isGreaterThanOrEqualTo(10);
  }
}
