package dev.samizdat.libp2p.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.libp2p.ProtocolViolationException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NoiseFrameDecoderTest {
  private static final List<byte[]> MESSAGES = List.of(
      bytes(0, 1), bytes(1, 2), bytes(0, 3), bytes(17, 4), bytes(300, 5), bytes(2, 6));

  @Test
  void yieldsTheSameFramesWhereverTheStreamIsSplit() {
    byte[] stream = framed(MESSAGES);
    for (int split = 0; split <= stream.length; split++) {
      var decoder = new NoiseFrameDecoder();
      List<byte[]> frames = new ArrayList<>();
      drain(decoder, ByteBuffer.wrap(stream, 0, split), frames);
      drain(decoder, ByteBuffer.wrap(stream, split, stream.length - split), frames);
      assertThat(frames).as("split at %d", split).containsExactlyElementsOf(MESSAGES);
      assertThat(decoder.isMidFrame()).isFalse();
    }
  }

  @Test
  void yieldsTheSameFramesFromDirectBuffersOneByteAtATime() {
    byte[] stream = framed(MESSAGES);
    var decoder = new NoiseFrameDecoder();
    List<byte[]> frames = new ArrayList<>();
    for (byte b : stream) {
      ByteBuffer direct = ByteBuffer.allocateDirect(1).put(b).flip();
      drain(decoder, direct, frames);
    }
    assertThat(frames).containsExactlyElementsOf(MESSAGES);
  }

  @Test
  void returnsAWholeFrameInPlaceWithoutCopying() {
    byte[] stream = framed(List.of(bytes(10, 7)));
    var decoder = new NoiseFrameDecoder();
    ByteBuffer frame = decoder.decode(ByteBuffer.wrap(stream));
    assertThat(frame).isNotNull();
    assertThat(frame.array()).isSameAs(stream);
    assertThat(frame.arrayOffset() + frame.position()).isEqualTo(2);
    assertThat(frame.remaining()).isEqualTo(10);
  }

  @Test
  void acceptsTheLargestNoiseMessage() {
    byte[] message = bytes(Noise.MAX_MESSAGE_LENGTH, 8);
    byte[] stream = framed(List.of(message));
    var decoder = new NoiseFrameDecoder();
    List<byte[]> frames = new ArrayList<>();
    drain(decoder, ByteBuffer.wrap(stream, 0, 40_000), frames);
    drain(decoder, ByteBuffer.wrap(stream, 40_000, stream.length - 40_000), frames);
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0)).isEqualTo(message);
  }

  @Test
  void rejectsALengthAboveTheLimitBeforeBufferingItsBody() {
    var decoder = new NoiseFrameDecoder(100);
    ByteBuffer header = ByteBuffer.wrap(new byte[] {0, 101});
    assertThatThrownBy(() -> decoder.decode(header))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("101 bytes exceeds the limit of 100");

    var split = new NoiseFrameDecoder(100);
    assertThat(split.decode(ByteBuffer.wrap(new byte[] {0x01}))).isNull();
    assertThatThrownBy(() -> split.decode(ByteBuffer.wrap(new byte[] {0x00, 1, 2, 3})))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("256 bytes");
  }

  @Test
  void reportsAStreamThatStopsInsideAFrame() {
    var decoder = new NoiseFrameDecoder();
    assertThat(decoder.decode(ByteBuffer.wrap(new byte[] {0, 3, 1}))).isNull();
    assertThat(decoder.isMidFrame()).isTrue();
    assertThat(decoder.decode(ByteBuffer.wrap(new byte[] {2, 3}))).isNotNull();
    assertThat(decoder.isMidFrame()).isFalse();
  }

  @Test
  void leavesBytesAfterTheFrameInTheBuffer() {
    byte[] stream = framed(List.of(bytes(3, 1), bytes(4, 2)));
    ByteBuffer in = ByteBuffer.wrap(stream);
    assertThat(new NoiseFrameDecoder().decode(in)).isNotNull();
    assertThat(in.remaining()).isEqualTo(2 + 4);
  }

  static void drain(NoiseFrameDecoder decoder, ByteBuffer in, List<byte[]> frames) {
    for (ByteBuffer frame; (frame = decoder.decode(in)) != null; ) {
      byte[] copy = new byte[frame.remaining()];
      frame.get(copy);
      frames.add(copy);
    }
    assertThat(in.hasRemaining()).isFalse();
  }

  static byte[] framed(List<byte[]> messages) {
    var out = new ByteArrayOutputStream();
    for (byte[] message : messages) {
      out.writeBytes(NoiseFrames.frame(message));
    }
    return out.toByteArray();
  }

  private static byte[] bytes(int length, int seed) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) (seed * 31 + i);
    }
    return out;
  }
}
