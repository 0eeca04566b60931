package dev.samizdat.node.messaging.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.node.messaging.ProtocolViolationException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
  @Test
  void aFrameIsReadBackWhole() {
    for (int size : new int[] {0, 1, 127, 128, 300, 1000}) {
      byte[] payload = new byte[size];
      Arrays.fill(payload, (byte) 7);
      assertThat(FrameCodec.decodeSingle(FrameCodec.encode(payload, 1000), 1000)).isEqualTo(payload);
    }
  }

  @Test
  void theLengthIsAnUnsignedVarint() {
    assertThat(FrameCodec.encode(new byte[127], 1000)[0]).isEqualTo((byte) 127);
    byte[] framed = FrameCodec.encode(new byte[300], 1000);
    assertThat(Arrays.copyOf(framed, 2)).containsExactly(0xAC, 0x02);
  }

  @Test
  void anOversizedFrameIsRefusedOnBothSides() {
    assertThatThrownBy(() -> FrameCodec.encode(new byte[1001], 1000)).isInstanceOf(IllegalArgumentException.class);
    byte[] prefix = Arrays.copyOf(FrameCodec.encode(new byte[1001], 2000), 2);
    assertThatThrownBy(() -> FrameCodec.decodeSingle(prefix, 1000)).isInstanceOf(ProtocolViolationException.class)
        .hasMessage("frame of 1001 bytes exceeds the limit of 1000");
  }

  @Test
  void malformedFramesAreProtocolViolations() {
    assertThatThrownBy(() -> FrameCodec.decodeSingle(new byte[] {(byte) 0x80, 0x00}, 1000))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("not minimally encoded");
    byte[] tooLong = new byte[10];
    Arrays.fill(tooLong, (byte) 0x80);
    assertThatThrownBy(() -> FrameCodec.decodeSingle(tooLong, 1000))
        .isInstanceOf(ProtocolViolationException.class).hasMessageContaining("longer than");
    assertThatThrownBy(() -> FrameCodec.decodeSingle(new byte[] {(byte) 0x80}, 1000)).hasMessageContaining("truncated");
    assertThatThrownBy(() -> FrameCodec.decodeSingle(new byte[] {5, 1, 2}, 1000)).hasMessageContaining("truncated");
    assertThatThrownBy(() -> FrameCodec.decodeSingle(new byte[] {1, 1, 2}, 1000))
        .hasMessage("1 bytes after the frame");
  }
}
