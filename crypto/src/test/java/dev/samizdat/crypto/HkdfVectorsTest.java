package dev.samizdat.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** HKDF-SHA256 against RFC 5869 Appendix A, test cases 1–3. */
class HkdfVectorsTest {

  private static String range(int from, int toInclusive) {
    StringBuilder hex = new StringBuilder();
    for (int i = from; i <= toInclusive; i++) {
      hex.append(String.format("%02x", i));
    }
    return hex.toString();
  }

  /** name, IKM, salt, info, L, PRK, OKM. */
  static Stream<Arguments> rfc5869() {
    String ikm22 = "0b".repeat(22);
    return Stream.of(
        Arguments.of("A.1 basic", ikm22, range(0x00, 0x0c), range(0xf0, 0xf9), 42,
            "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865"),
        Arguments.of("A.2 longer inputs", range(0x00, 0x4f), range(0x60, 0xaf), range(0xb0, 0xff), 82,
            "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
            "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09"
                + "da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87"),
        Arguments.of("A.3 empty salt and info", ikm22, "", "", 42,
            "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8"));
  }

  @ParameterizedTest(name = "RFC 5869 {0}")
  @MethodSource("rfc5869")
  void extractExpandAndDeriveMatchTheRfc(String name, String ikm, String salt, String info, int length,
      String prk, String okm) {
    byte[] ikmBytes = Bytes.fromHex(ikm);
    byte[] saltBytes = Bytes.fromHex(salt);
    byte[] infoBytes = Bytes.fromHex(info);

    byte[] extracted = Hkdf.extract(saltBytes, ikmBytes);
    assertThat(Bytes.hex(extracted)).isEqualTo(prk);
    assertThat(Bytes.hex(Hkdf.expand(extracted, infoBytes, length))).isEqualTo(okm);
    assertThat(Bytes.hex(Hkdf.derive(ikmBytes, saltBytes, infoBytes, length))).isEqualTo(okm);
  }
}
