package dev.samizdat.channels.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.channels.feed.FeedId;
import dev.samizdat.channels.wire.WireWriter;
import dev.samizdat.crypto.Ed25519PrivateKey;
import dev.samizdat.crypto.MalformedInputException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeedFramesTest {
  private final FeedId feed = new FeedId(Ed25519PrivateKey.generate(new SecureRandom()).publicKey());

  private List<FeedMessage> samples() {
    return List.of(
        new FeedMessage.Head(feed, 42, new byte[32]),
        new FeedMessage.Request(feed, 7, 256),
        new FeedMessage.Entries(feed, List.of()),
        new FeedMessage.Entries(feed, List.of(new byte[] {1, 2, 3}, new byte[200])),
        new FeedMessage.Push(feed, List.of(new byte[300])),
        new FeedMessage.ForkNotice(new byte[] {9}, new byte[] {8, 7}),
        new FeedMessage.Error(FeedMessage.Code.NOT_SERVED, "dropped by policy ✓"));
  }

  @Test
  void everyMessageRoundTripsAndDecodesAtEverySplitPoint() {
    for (FeedMessage message : samples()) {
      byte[] frame = FeedFrames.encode(message);
      FeedFrames.Decoded decoded = FeedFrames.decode(frame).orElseThrow();
      assertThat(decoded.frameLength()).isEqualTo(frame.length);
      assertThat(FeedFrames.encode(decoded.message())).isEqualTo(frame);
      for (int split = 0; split < frame.length; split++) {
        assertThat(FeedFrames.decode(frame, 0, split)).as("prefix of %d bytes", split).isEmpty();
      }
    }
  }

  @Test
  void twoFramesInOneBufferDecodeOneAtATime() {
    byte[] first = FeedFrames.encode(samples().get(0));
    byte[] second = FeedFrames.encode(samples().get(1));
    byte[] both = dev.samizdat.crypto.Bytes.concat(first, second);
    FeedFrames.Decoded one = FeedFrames.decode(both).orElseThrow();
    assertThat(one.frameLength()).isEqualTo(first.length);
    FeedFrames.Decoded two = FeedFrames.decode(both, one.frameLength(), both.length - one.frameLength()).orElseThrow();
    assertThat(two.message()).isEqualTo(samples().get(1));
  }

  @Test
  void oversizedUnknownOrIllFormedFramesAreRefusedBeforeBuffering() {
    byte[] tooLong = new WireWriter().varint(FeedFrames.MAX_FRAME_SIZE + 1L).toBytes();
    assertThatThrownBy(() -> FeedFrames.decode(tooLong)).isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("outside");
    assertThatThrownBy(() -> FeedFrames.decode(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, 1}))
        .hasMessageContaining("prefix");
    assertThatThrownBy(() -> FeedFrames.decode(new byte[] {(byte) 0x81, 0})).hasMessageContaining("minimally");
    assertThatThrownBy(() -> FeedFrames.decode(new byte[] {1, 99})).hasMessageContaining("unknown feed frame type");
    byte[] request = FeedFrames.encode(new FeedMessage.Request(feed, 0, 1));
    request[request.length - 1] = 0; // a request for zero entries
    assertThatThrownBy(() -> FeedFrames.decode(request)).hasMessageContaining("invalid feed frame");
    byte[] trailing = Arrays.copyOf(FeedFrames.encode(samples().get(0)), 76);
    trailing[0] = 75;
    assertThatThrownBy(() -> FeedFrames.decode(trailing)).hasMessageContaining("trailing");
    byte[] tooMany = new WireWriter().u8(3).bytes(feed.toBytes()).varint(FeedMessage.MAX_BATCH_ENTRIES + 1).toBytes();
    assertThatThrownBy(() -> FeedFrames.decode(new WireWriter().varint(tooMany.length).bytes(tooMany).toBytes()))
        .hasMessageContaining("entry count");
  }
}
