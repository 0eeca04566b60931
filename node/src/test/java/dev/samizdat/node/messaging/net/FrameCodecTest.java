package dev.samizdat.node.messaging.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.libp2p.Varint;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
  @Test
  void aFrameIsItsLengthAsAVarintThenItsBytes() {
    for (int size : new int[] {0, 1, 127, 128, 300, 1000}) {
      byte[] payload = new byte[size];
      Arrays.fill(payload, (byte) 7);
      ByteBuffer framed = ByteBuffer.wrap(FrameCodec.encode(payload, 1000));
      assertThat(Varint.readComplete(framed)).isEqualTo(size);
      assertThat(Arrays.copyOfRange(framed.array(), framed.position(), framed.limit())).isEqualTo(payload);
    }
  }

  @Test
  void theLengthIsAnUnsignedVarint() {
    assertThat(FrameCodec.encode(new byte[127], 1000)[0]).isEqualTo((byte) 127);
    byte[] framed = FrameCodec.encode(new byte[300], 1000);
    assertThat(Arrays.copyOf(framed, 2)).containsExactly(0xAC, 0x02);
  }

  @Test
  void anOversizedFrameIsNotWritten() {
    assertThatThrownBy(() -> FrameCodec.encode(new byte[1001], 1000)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("frame of 1001 bytes exceeds 1000");
  }
}
