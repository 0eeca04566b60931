package dev.samizdat.libp2p;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.crypto.Bytes;
import java.nio.ByteBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class VarintTest {
  /** The examples of github.com/multiformats/unsigned-varint README, plus the 63-bit maximum. */
  @ParameterizedTest
  @CsvSource({
    "1, 01",
    "127, 7f",
    "128, 8001",
    "255, ff01",
    "300, ac02",
    "16384, 808001",
    "9223372036854775807, ffffffffffffffff7f",
  })
  void specExamplesEncodeAndDecode(long value, String hex) {
    assertThat(Bytes.hex(Varint.encode(value))).isEqualTo(hex);
    assertThat(Varint.encodedLength(value)).isEqualTo(hex.length() / 2);
    ByteBuffer buffer = ByteBuffer.wrap(Bytes.fromHex(hex + "ee"));
    assertThat(Varint.read(buffer)).isEqualTo(value);
    assertThat(buffer.remaining()).isEqualTo(1);
  }

  @Test
  void truncatedInputReadsAsNothingAndNonMinimalOrOverlongAsViolations() {
    ByteBuffer truncated = ByteBuffer.wrap(Bytes.fromHex("ac"));
    assertThat(Varint.read(truncated)).isEqualTo(-1);
    assertThat(truncated.position()).isZero();
    assertThatThrownBy(() -> Varint.readComplete(ByteBuffer.wrap(Bytes.fromHex("ac"))))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("truncated");
    // The spec's example of a non-minimal encoding of 1: 0x81 0x00.
    assertThatThrownBy(() -> Varint.read(ByteBuffer.wrap(Bytes.fromHex("8100"))))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("not minimally encoded");
    assertThatThrownBy(() -> Varint.read(ByteBuffer.wrap(Bytes.fromHex("ffffffffffffffffff01"))))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("longer than 9 bytes");
    assertThatThrownBy(() -> Varint.encode(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
