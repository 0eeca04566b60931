package dev.samizdat.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Published AEAD vectors, each run on every {@link AeadProvider} that loads here: RFC 8439 §2.8.2 and
 * Appendix A.5 (ChaCha20-Poly1305), the GCM specification's test cases 13–16 (AES-256-GCM; McGrew &
 * Viega, "The Galois/Counter Mode of Operation", Appendix B), and Wycheproof selections.
 */
class AeadVectorsTest {

  static List<AeadProvider> providers() {
    return Arrays.stream(AeadProvider.values()).filter(AeadProvider::isAvailable).toList();
  }

  /** algorithm, name, key, nonce, aad, plaintext, ciphertext ‖ tag. */
  static Stream<Arguments> published() {
    String a5Text = "Internet-Drafts are draft documents valid for a maximum of six months and may be updated, "
        + "replaced, or obsoleted by other documents at any time. It is inappropriate to use Internet-Drafts "
        + "as reference material or to cite them other than as /\u201cwork in progress./\u201d";
    String gcmKey = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
    String gcmPlain = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525"
        + "b16aedf5aa0de657ba637b391aafd255";
    String gcmCipher = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838"
        + "c5f61e6393ba7a0abcc9f662898015ad";
    return Stream.of(
        Arguments.of(AeadAlgorithm.CHACHA20_POLY1305, "RFC 8439 §2.8.2",
            "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
            "070000004041424344454647",
            "50515253c0c1c2c3c4c5c6c7",
            Bytes.hex(("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, "
                + "sunscreen would be it.").getBytes(StandardCharsets.US_ASCII)),
            "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b"
                + "1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7"
                + "bc3ff4def08e4b7a9de576d26586cec64b6116"
                + "1ae10b594f09e26a7e902ecbd0600691"),
        Arguments.of(AeadAlgorithm.CHACHA20_POLY1305, "RFC 8439 A.5",
            "1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0",
            "000000000102030405060708",
            "f33388860000000000004e91",
            Bytes.hex(a5Text.getBytes(StandardCharsets.UTF_8)),
            "64a0861575861af460f062c79be643bd5e805cfd345cf389f108670ac76c8cb24c6cfc18755d43eea09ee94e382d26b0"
                + "bdb7b73c321b0100d4f03b7f355894cf332f830e710b97ce98c8a84abd0b948114ad176e008d33bd60f982b1ff37c8"
                + "559797a06ef4f0ef61c186324e2b3506383606907b6a7c02b0f9f6157b53c867e4b9166c767b804d46a59b5216cde7"
                + "a4e99040c5a40433225ee282a1b0a06c523eaf4534d7f83fa1155b0047718cbc546a0d072b04b3564eea1b422273f5"
                + "48271a0bb2316053fa76991955ebd63159434ecebb4e466dae5a1073a6727627097a1049e617d91d361094fa68f0ff"
                + "77987130305beaba2eda04df997b714d6c6f2c29a6ad5cb4022b02709b"
                + "eead9d67890cbb22392336fea1851f38"),
        Arguments.of(AeadAlgorithm.AES_256_GCM, "GCM test case 13",
            "00".repeat(32), "00".repeat(12), "", "",
            "530f8afbc74536b9a963b4f1c4cb738b"),
        Arguments.of(AeadAlgorithm.AES_256_GCM, "GCM test case 14",
            "00".repeat(32), "00".repeat(12), "", "00".repeat(16),
            "cea7403d4d606b6e074ec5d3baf39d18" + "d0d1c8a799996bf0265b98b5d48ab919"),
        Arguments.of(AeadAlgorithm.AES_256_GCM, "GCM test case 15",
            gcmKey, "cafebabefacedbaddecaf888", "", gcmPlain,
            gcmCipher + "b094dac5d93471bdec1a502270e3cc6c"),
        Arguments.of(AeadAlgorithm.AES_256_GCM, "GCM test case 16",
            gcmKey, "cafebabefacedbaddecaf888", "feedfacedeadbeeffeedfacedeadbeefabaddad2",
            gcmPlain.substring(0, 120), gcmCipher.substring(0, 120) + "76fc6ece0f4e1768cddf8853bb2d551b"));
  }

  static Stream<Arguments> publishedOnEveryProvider() {
    return published().flatMap(vector -> providers().stream().map(provider -> {
      Object[] args = vector.get();
      Object[] withProvider = Arrays.copyOf(args, args.length + 1);
      withProvider[args.length] = provider;
      return Arguments.of(withProvider);
    }));
  }

  @ParameterizedTest(name = "{1} on {7}")
  @MethodSource("publishedOnEveryProvider")
  void publishedVectorSealsAndOpens(AeadAlgorithm algorithm, String name, String key, String nonce, String aad,
      String plaintext, String sealed, AeadProvider provider) {
    AeadCipher cipher = Aead.create(algorithm, SymmetricKey.fromBytes(Bytes.fromHex(key)), provider);
    assertThat(Bytes.hex(cipher.seal(Bytes.fromHex(nonce), Bytes.fromHex(aad), Bytes.fromHex(plaintext))))
        .isEqualTo(sealed);
    assertThat(Bytes.hex(cipher.open(Bytes.fromHex(nonce), Bytes.fromHex(aad), Bytes.fromHex(sealed))))
        .isEqualTo(plaintext);
  }

  static Stream<Arguments> wycheproofOnEveryProvider() {
    return Stream.concat(
            VectorFile.load("wycheproof/chacha20_poly1305.txt").stream()
                .map(v -> Arguments.of(AeadAlgorithm.CHACHA20_POLY1305, v)),
            VectorFile.load("wycheproof/aes_256_gcm.txt").stream()
                .map(v -> Arguments.of(AeadAlgorithm.AES_256_GCM, v)))
        .flatMap(a -> providers().stream().map(p -> Arguments.of(a.get()[0], a.get()[1], p)));
  }

  /** Valid cases seal to exactly ct ‖ tag and open back; invalid ones (modified tags) fail to open. */
  @ParameterizedTest(name = "Wycheproof {0} {1} on {2}")
  @MethodSource("wycheproofOnEveryProvider")
  void wycheproofVector(AeadAlgorithm algorithm, VectorFile.Case vector, AeadProvider provider) {
    AeadCipher cipher = Aead.create(algorithm, SymmetricKey.fromBytes(vector.hex("key")), provider);
    byte[] nonce = vector.hex("iv");
    byte[] aad = vector.hex("aad");
    byte[] sealed = Bytes.concat(vector.hex("ct"), vector.hex("tag"));
    if (vector.result().equals("valid")) {
      assertThat(Bytes.hex(cipher.seal(nonce, aad, vector.hex("msg")))).as(vector.toString())
          .isEqualTo(Bytes.hex(sealed));
      assertThat(Bytes.hex(cipher.open(nonce, aad, sealed))).as(vector.toString()).isEqualTo(vector.get("msg"));
    } else {
      assertThatThrownBy(() -> cipher.open(nonce, aad, sealed)).as(vector.toString())
          .isInstanceOf(AuthenticationException.class);
    }
  }
}
