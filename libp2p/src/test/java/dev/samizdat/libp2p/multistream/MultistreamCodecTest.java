package dev.samizdat.libp2p.multistream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.crypto.Bytes;
import dev.samizdat.libp2p.ProtocolViolationException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MultistreamCodecTest {

  static String hexOf(String text) {
    return Bytes.hex(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void naAndLsAreTheSpecsBytes() {
    // multistream-select README and libp2p connections spec: "na" is 0x036e610a, "ls" 0x036c730a.
    assertThat(Bytes.hex(MultistreamCodec.encode(MultistreamCodec.NA))).isEqualTo("036e610a");
    assertThat(Bytes.hex(MultistreamCodec.encode(MultistreamCodec.LS))).isEqualTo("036c730a");
    assertThat(MultistreamCodec.decode(ByteBuffer.wrap(Bytes.fromHex("036e610a")))).contains("na");
  }

  @Test
  void headerIsLengthPrefixedWithItsNewline() {
    byte[] header = MultistreamCodec.encode(MultistreamCodec.PROTOCOL_ID);
    assertThat(Bytes.hex(header)).isEqualTo("13" + hexOf("/multistream/1.0.0\n"));
  }

  @Test
  void decodesOneMessageAtATimeAndNothingFromAPrefix() {
    byte[] two = Bytes.concat(MultistreamCodec.encode("/ipfs/kad/1.0.0"), MultistreamCodec.encode("na"));
    int first = 1 + "/ipfs/kad/1.0.0\n".length();
    for (int cut = 0; cut < first; cut++) {
      ByteBuffer prefix = ByteBuffer.wrap(two, 0, cut);
      assertThat(MultistreamCodec.decode(prefix)).isEmpty();
      assertThat(prefix.position()).isZero();
    }
    ByteBuffer all = ByteBuffer.wrap(two);
    assertThat(MultistreamCodec.decode(all)).contains("/ipfs/kad/1.0.0");
    assertThat(all.position()).isEqualTo(first);
    assertThat(MultistreamCodec.decode(all)).contains("na");
    assertThat(all.hasRemaining()).isFalse();
    assertThat(MultistreamCodec.decode(all)).isEmpty();
  }

  @Test
  void acceptsUtf8AndTheLongestAllowedMessage() {
    String longest = "/" + "x".repeat(MultistreamCodec.MAX_MESSAGE_LENGTH - 2);
    assertThat(MultistreamCodec.decode(ByteBuffer.wrap(MultistreamCodec.encode(longest)))).contains(longest);
    assertThat(MultistreamCodec.decode(ByteBuffer.wrap(MultistreamCodec.encode("/ünï/1")))).contains("/ünï/1");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "00| empty multistream message",
    "8000| not minimally encoded",
    "ffffffffffffffffff01| longer than 9 bytes",
    "8108| 1025 bytes is longer than 1024",
    "026e61| does not end in a newline",
    "03c3280a| not UTF-8",
  })
  void rejectsMalformedMessages(String hex, String reason) {
    assertThatThrownBy(() -> MultistreamCodec.decode(ByteBuffer.wrap(Bytes.fromHex(hex))))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining(reason);
  }

  @Test
  void refusesToEncodeWhatCannotBeSent() {
    assertThatThrownBy(() -> MultistreamCodec.encode("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MultistreamCodec.encode("/a\n/b")).hasMessageContaining("newline");
    assertThatThrownBy(() -> MultistreamCodec.encode("x".repeat(MultistreamCodec.MAX_MESSAGE_LENGTH)))
        .hasMessageContaining("longer than " + MultistreamCodec.MAX_MESSAGE_LENGTH);
  }

  @Test
  void listIsOneMessageOfNestedMessagesEndingInABlankLine() {
    // multistream-select README, "ls example in detail".
    byte[] list = MultistreamCodec.encodeList(List.of("/ipfs/kad/1.0.0", "/ipfs/bitswap/1.0.0"));
    assertThat(Bytes.hex(list)).isEqualTo("27"
        + "10" + hexOf("/ipfs/kad/1.0.0\n")
        + "14" + hexOf("/ipfs/bitswap/1.0.0\n")
        + "0a");
    assertThat(Bytes.hex(MultistreamCodec.encodeList(List.of()))).isEqualTo("010a");
  }
}
