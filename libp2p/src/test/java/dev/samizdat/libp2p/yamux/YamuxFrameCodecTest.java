package dev.samizdat.libp2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.crypto.Bytes;
import dev.samizdat.libp2p.ProtocolViolationException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamuxFrameCodecTest {
  private static final List<YamuxFrame> FRAMES = List.of(
      new YamuxFrame.WindowUpdate(1, YamuxFrame.FLAG_SYN, 0),
      new YamuxFrame.Data(1, 0, "hello yamux".getBytes()),
      new YamuxFrame.Data(3, YamuxFrame.FLAG_FIN, new byte[0]),
      new YamuxFrame.Ping(YamuxFrame.FLAG_SYN, 0xFFFF_FFFFL),
      new YamuxFrame.WindowUpdate(0xFFFF_FFFE, YamuxFrame.FLAG_ACK | YamuxFrame.FLAG_RST, 512 * 1024),
      new YamuxFrame.Data(2, YamuxFrame.FLAG_ACK, new byte[300]),
      new YamuxFrame.GoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR));

  @Test
  void headerLayoutFollowsTheSpec() {
    // Spec "Framing": version 0, type, flags (16 bits), stream id, length; all big-endian.
    assertThat(Bytes.hex(YamuxFrameEncoder.encode(new YamuxFrame.WindowUpdate(1, YamuxFrame.FLAG_SYN, 0))))
        .isEqualTo("000100010000000100000000");
    assertThat(Bytes.hex(YamuxFrameEncoder.encode(new YamuxFrame.Data(0x01020304, YamuxFrame.FLAG_FIN, new byte[] {
        (byte) 0xAB}))))
        .isEqualTo("00000004010203040000000" + "1ab");
    assertThat(Bytes.hex(YamuxFrameEncoder.encode(new YamuxFrame.Ping(YamuxFrame.FLAG_ACK, 0x12345678L))))
        .isEqualTo("000200020000000012345678");
    assertThat(Bytes.hex(YamuxFrameEncoder.encode(new YamuxFrame.GoAway(YamuxFrame.GO_AWAY_INTERNAL_ERROR))))
        .isEqualTo("000300000000000000000002");
  }

  @Test
  void decodesTheSameFramesAtEverySplitPoint() {
    byte[] stream = encodeAll(FRAMES);
    for (int split = 0; split <= stream.length; split++) {
      var decoder = new YamuxFrameDecoder(YamuxConfig.INITIAL_WINDOW);
      var frames = new ArrayList<YamuxFrame>();
      drain(decoder, ByteBuffer.wrap(stream, 0, split), frames);
      drain(decoder, ByteBuffer.wrap(stream, split, stream.length - split), frames);
      assertThat(frames).as("split at %d", split).isEqualTo(FRAMES);
      assertThat(decoder.isAtFrameBoundary()).isTrue();
    }
  }

  @Test
  void decodesOneByteAtATime() {
    byte[] stream = encodeAll(FRAMES);
    var decoder = new YamuxFrameDecoder(YamuxConfig.INITIAL_WINDOW);
    var frames = new ArrayList<YamuxFrame>();
    for (int i = 0; i < stream.length; i++) {
      drain(decoder, ByteBuffer.wrap(stream, i, 1), frames);
    }
    assertThat(frames).isEqualTo(FRAMES);
  }

  @Test
  void yieldsNothingForAPartialFrame() {
    byte[] frame = YamuxFrameEncoder.encode(new YamuxFrame.Data(5, 0, new byte[10]));
    var decoder = new YamuxFrameDecoder(100);
    var in = ByteBuffer.wrap(frame, 0, frame.length - 1);
    assertThat(decoder.decode(in)).isNull();
    assertThat(in.hasRemaining()).isFalse();
    assertThat(decoder.isAtFrameBoundary()).isFalse();
  }

  @Test
  void rejectsAnUnknownVersion() {
    byte[] frame = YamuxFrameEncoder.encode(new YamuxFrame.Ping(YamuxFrame.FLAG_SYN, 1));
    frame[0] = 1;
    assertThatThrownBy(() -> new YamuxFrameDecoder(100).decode(ByteBuffer.wrap(frame)))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("version 1");
  }

  @Test
  void rejectsAnUnknownType() {
    byte[] frame = YamuxFrameEncoder.encode(new YamuxFrame.Ping(YamuxFrame.FLAG_SYN, 1));
    frame[1] = 4;
    assertThatThrownBy(() -> new YamuxFrameDecoder(100).decode(ByteBuffer.wrap(frame)))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("type 4");
  }

  @Test
  void rejectsADataLengthAboveTheLimitBeforeThePayloadArrives() {
    // Header only, claiming 4 GiB - 1: must fail on the header, without waiting for or allocating the payload.
    byte[] header = Bytes.fromHex("00000000" + "00000001" + "ffffffff");
    assertThatThrownBy(() -> new YamuxFrameDecoder(YamuxConfig.INITIAL_WINDOW).decode(ByteBuffer.wrap(header)))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("4294967295");
    byte[] justOver = YamuxFrameEncoder.encode(new YamuxFrame.Data(1, 0, new byte[101]));
    assertThatThrownBy(() -> new YamuxFrameDecoder(100).decode(ByteBuffer.wrap(justOver)))
        .isInstanceOf(ProtocolViolationException.class);
    byte[] atLimit = YamuxFrameEncoder.encode(new YamuxFrame.Data(1, 0, new byte[100]));
    assertThat(new YamuxFrameDecoder(100).decode(ByteBuffer.wrap(atLimit))).isInstanceOf(YamuxFrame.Data.class);
  }

  @Test
  void unsignedFieldsSurviveTheRoundTrip() {
    var frame = new YamuxFrame.WindowUpdate(0x8000_0001, 0xFFFF, 0xFFFF_FFFFL);
    var decoded = new YamuxFrameDecoder(0).decode(ByteBuffer.wrap(YamuxFrameEncoder.encode(frame)));
    assertThat(decoded).isEqualTo(frame);
    assertThat(Integer.toUnsignedLong(decoded.streamId())).isEqualTo(0x8000_0001L);
  }

  static byte[] encodeAll(List<YamuxFrame> frames) {
    var out = new ByteArrayOutputStream();
    frames.forEach(f -> out.writeBytes(YamuxFrameEncoder.encode(f)));
    return out.toByteArray();
  }

  private static void drain(YamuxFrameDecoder decoder, ByteBuffer in, List<YamuxFrame> into) {
    YamuxFrame f;
    while ((f = decoder.decode(in)) != null) {
      into.add(f);
    }
    assertThat(in.hasRemaining()).isFalse();
  }
}
