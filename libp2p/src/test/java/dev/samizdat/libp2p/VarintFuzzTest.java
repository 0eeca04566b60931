package dev.samizdat.libp2p;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.Arrays;

class VarintFuzzTest {
  /** Any bytes: a varint that re-encodes to exactly the bytes read, nothing, or a protocol violation. */
  @FuzzTest(maxDuration = "30s")
  void readsOnlyMinimalVarintsOfAtMostNineBytes(byte[] data) {
    ByteBuffer buffer = ByteBuffer.wrap(data);
    try {
      long value = Varint.read(buffer);
      if (value < 0) {
        assertThat(buffer.position()).isZero();
        assertThat(data.length).isLessThan(Varint.MAX_LENGTH);
        return;
      }
      byte[] consumed = Arrays.copyOf(data, buffer.position());
      assertThat(Varint.encode(value)).isEqualTo(consumed);
      assertThat(consumed.length).isLessThanOrEqualTo(Varint.MAX_LENGTH);
    } catch (ProtocolViolationException expected) {
      assertThat(expected.getMessage()).contains("varint");
    }
  }
}
