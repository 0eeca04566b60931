package dev.samizdat.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.crypto.Bytes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MultihashTest {

  /**
   * A selection of github.com/multiformats/multihash tests/values/test_cases.csv (algorithm, bits,
   * input, multihash). The input column is hashed as ASCII text, not as hex; "sha3" there is
   * sha3-512; rows with fewer bits are truncated digests.
   */
  @ParameterizedTest
  @CsvSource({
    "sha1,80,431fb5d4c9b735ba1a34d0df045118806ae2336f2c,110ae861e452cfd84dca9a17",
    "sha1,160,431fb5d4c9b735ba1a34d0df045118806ae2336f2c,1114e861e452cfd84dca9a176258c3d06e020a0c93d8",
    "sha2-256,80,431fb5d4c9b735ba1a34d0df045118806ae2336f2c,120affb31f07aa15348368c9",
    "sha2-256,160,431fb5d4c9b735ba1a34d0df045118806ae2336f2c,1214ffb31f07aa15348368c90c73a834dbf9f8710365",
    "sha2-256,256,431fb5d4c9b735ba1a34d0df045118806ae2336f2c,1220ffb31f07aa15348368c90c73a834dbf9f8710365860fa0fd4ddce9ac2782cc17",
    "sha2-512,256,431fb5d4c9b735ba1a34d0df045118806ae2336f2c,1320abffa1926b038a2f1833092d93859ba2ee56e07a86b158200fc7d4d5d1eaf350",
    "sha2-512,512,431fb5d4c9b735ba1a34d0df045118806ae2336f2c,1340abffa1926b038a2f1833092d93859ba2ee56e07a86b158200fc7d4d5d1eaf350b0f0e511ea6f5043a9f4a7c7886f93355652114709d75b2db4c33741124fd4fe",
    "sha3,160,431fb5d4c9b735ba1a34d0df045118806ae2336f2c,14149a7a8207a57d03e9c524ae7fd39563bfe1a466a3",
    "sha3,512,431fb5d4c9b735ba1a34d0df045118806ae2336f2c,14409a7a8207a57d03e9c524ae7fd39563bfe1a466a3a0323875eba8b034a1d59c3b7218103543f7777f17ef03dcaf44d12c74dfb83726e7425cf61225e9a54b3b3a",
    "sha2-256,256,6c00022ba29d15926c4580332ded091e666f0ec5d9,1220ef387c6fea7ab702d470a9432c4cde44199c8d06c6eaa5a1f2c61cfb0b70a97f",
    "sha2-512,80,6c00022ba29d15926c4580332ded091e666f0ec5d9,130aa1e9a63a3835d69983dd",
    "sha3,256,6c00022ba29d15926c4580332ded091e666f0ec5d9,142047f57e2056010afa03bc58141ba3754f41917518c81711236eaca3766e333b9a",
  })
  void specTestCasesDecodeReencodeAndMatchTheirInput(String algorithm, int bits, String input, String hex) {
    Multihash hash = Multihash.fromBytes(Bytes.fromHex(hex));
    String name = algorithm.equals("sha3") ? "sha3-512" : algorithm;
    assertThat(hash.function().multicodecName()).isEqualTo(name);
    assertThat(hash.digestLength()).isEqualTo(bits / 8);
    assertThat(Bytes.hex(hash.toBytes())).isEqualTo(hex);
    byte[] data = input.getBytes(StandardCharsets.US_ASCII);
    assertThat(hash.matches(data)).isTrue();
    assertThat(hash.matches(Bytes.fromHex(input))).isFalse();
    if (bits / 8 == hash.function().maxLength()) {
      assertThat(Multihash.digest(hash.function(), data)).isEqualTo(hash);
    }
  }

  @Test
  void readmeExampleSha256OfMultihash() {
    // github.com/multiformats/multihash README, "Example": sha2-256("multihash") in hex and base58.
    Multihash hash = Multihash.sha256("multihash".getBytes(StandardCharsets.US_ASCII));
    assertThat(Bytes.hex(hash.toBytes()))
        .isEqualTo("12209cbc07c3f991725836a3aa2a581ca2029198aa420b9d99bc0e131d9f3e2cbe47");
    assertThat(Base58.encode(hash.toBytes())).isEqualTo("QmYtUc4iTCbbfVSDNKvtQqrfyezPPnFvE33wFmutw9PBBk");
    assertThat(Multihash.fromBytes(Base58.decode("5dsgvJGnvAfiR3K6HCBc4hcokSfmjj")))
        .isEqualTo(Multihash.digest(Multihash.Function.SHA1, "multihash".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void identityCarriesTheDataAndMayBeEmpty() {
    Multihash hash = Multihash.identity(new byte[] {1, 2, 3});
    assertThat(Bytes.hex(hash.toBytes())).isEqualTo("0003010203");
    assertThat(hash.matches(new byte[] {1, 2, 3})).isTrue();
    assertThat(hash.matches(new byte[] {1, 2})).isFalse();
    assertThat(Multihash.fromBytes(new byte[] {0, 0}).digestLength()).isZero();
  }

  @Test
  void malformedEncodingsAreRejectedWithAReason() {
    assertThatThrownBy(() -> Multihash.fromBytes(new byte[0])).hasMessageContaining("truncated varint");
    assertThatThrownBy(() -> Multihash.fromBytes(Bytes.fromHex("1220ab")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 digest bytes but 1");
    assertThatThrownBy(() -> Multihash.fromBytes(Bytes.fromHex("1202abcdef")))
        .hasMessageContaining("2 digest bytes but 3");
    assertThatThrownBy(() -> Multihash.fromBytes(Bytes.fromHex("1221" + "00".repeat(33))))
        .hasMessageContaining("longer than 32");
    assertThatThrownBy(() -> Multihash.fromBytes(Bytes.fromHex("990102abcd")))
        .hasMessageContaining("unsupported multihash function code 0x99");
    assertThatThrownBy(() -> Multihash.fromBytes(Bytes.fromHex("920002abcd")))
        .hasMessageContaining("not minimally encoded");
    assertThatThrownBy(() -> Multihash.fromBytes(Bytes.fromHex("1200"))).hasMessageContaining("empty sha2-256");
    assertThatThrownBy(() -> Multihash.fromBytes(new byte[Multihash.MAX_ENCODED_LENGTH + 1]))
        .hasMessageContaining("longer than " + Multihash.MAX_ENCODED_LENGTH);
    assertThatThrownBy(() -> Multihash.identity(new byte[Multihash.MAX_DIGEST_LENGTH + 1]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
