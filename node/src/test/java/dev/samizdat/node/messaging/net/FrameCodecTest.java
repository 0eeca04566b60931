package dev.samizdat.node.messaging.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.node.messaging.ProtocolViolationException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FrameCodecTest {
  @Test
  void framesSurviveEverySplitPoint() {
    byte[] a = new byte[300];
    Arrays.fill(a, (byte) 7);
    byte[] b = {1, 2, 3};
    byte[] c = {};
    byte[] stream = concat(FrameCodec.encode(a, 1000), FrameCodec.encode(b, 1000), FrameCodec.encode(c, 1000));
    for (int split = 0; split <= stream.length; split++) {
      FrameCodec.Decoder decoder = new FrameCodec.Decoder(1000);
      List<byte[]> frames = new ArrayList<>();
      decoder.feed(stream, 0, split);
      drain(decoder, frames);
      decoder.feed(stream, split, stream.length - split);
      drain(decoder, frames);
      assertThat(frames).as("split at %d", split).containsExactly(a, b, c);
      assertThat(decoder.buffered()).isZero();
    }
  }

  @Test
  void byteByByteYieldsEachFrameOnceComplete() {
    byte[] stream = FrameCodec.encode(new byte[200], 1000);
    FrameCodec.Decoder decoder = new FrameCodec.Decoder(1000);
    for (int i = 0; i < stream.length - 1; i++) {
      decoder.feed(stream, i, 1);
      assertThat(decoder.next()).isEmpty();
    }
    decoder.feed(stream, stream.length - 1, 1);
    assertThat(decoder.next()).hasValueSatisfying(f -> assertThat(f).hasSize(200));
  }

  @Test
  void theLengthIsAnUnsignedVarint() {
    assertThat(FrameCodec.encode(new byte[127], 1000)[0]).isEqualTo((byte) 127);
    byte[] framed = FrameCodec.encode(new byte[300], 1000);
    assertThat(Arrays.copyOf(framed, 2)).containsExactly(0xAC, 0x02);
  }

  @Test
  void anOversizedLengthIsRefusedBeforeItsBytesArrive() {
    byte[] prefix = Arrays.copyOf(FrameCodec.encode(new byte[1001], 2000), 2);
    FrameCodec.Decoder decoder = new FrameCodec.Decoder(1000);
    decoder.feed(prefix, 0, prefix.length);
    assertThatThrownBy(decoder::next).isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("1001 bytes exceeds the limit of 1000");
  }

  @Test
  void malformedPrefixesAreProtocolViolations() {
    assertThatThrownBy(() -> FrameCodec.decodeSingle(new byte[] {(byte) 0x80, 0x00}, 1000))
        .hasMessageContaining("not minimally encoded");
    assertThatThrownBy(() -> FrameCodec.decodeSingle(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80,
        (byte) 0x80, 0x01}, 1000)).hasMessageContaining("longer than");
    assertThatThrownBy(() -> FrameCodec.decodeSingle(new byte[] {5, 1, 2}, 1000)).hasMessageContaining("truncated");
    assertThatThrownBy(() -> FrameCodec.decodeSingle(new byte[] {1, 1, 2}, 1000)).hasMessageContaining("after the frame");
  }

  private static void drain(FrameCodec.Decoder decoder, List<byte[]> frames) {
    for (Optional<byte[]> f = decoder.next(); f.isPresent(); f = decoder.next()) {
      frames.add(f.get());
    }
  }

  private static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
