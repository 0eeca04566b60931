package dev.samizdat.libp2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.samizdat.libp2p.ProtocolViolationException;
import java.nio.ByteBuffer;

class YamuxFrameDecoderFuzzTest {
  /** Arbitrary bytes in arbitrary chunks: only whole frames or ProtocolViolationException, and frames re-encode. */
  @FuzzTest(maxDuration = "30s")
  void decodesOrRejectsArbitraryBytes(FuzzedDataProvider data) {
    var decoder = new YamuxFrameDecoder(1024);
    try {
      while (data.remainingBytes() > 0) {
        var chunk = ByteBuffer.wrap(data.consumeBytes(1 + data.consumeInt(0, 64)));
        YamuxFrame frame;
        while ((frame = decoder.decode(chunk)) != null) {
          byte[] again = YamuxFrameEncoder.encode(frame);
          assertThat(new YamuxFrameDecoder(1024).decode(ByteBuffer.wrap(again))).isEqualTo(frame);
        }
        assertThat(chunk.hasRemaining()).isFalse();
      }
    } catch (ProtocolViolationException expected) {
      assertThat(expected.getMessage()).startsWith("yamux:");
    }
  }
}
