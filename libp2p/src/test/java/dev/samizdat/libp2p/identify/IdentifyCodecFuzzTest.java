package dev.samizdat.libp2p.identify;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.samizdat.libp2p.ProtocolViolationException;

/** Remote identify bytes either decode into a value that re-encodes and decodes the same, or are a protocol violation. */
class IdentifyCodecFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void decodesOrRejects(byte[] data) {
    IdentifyInfo info;
    try {
      info = IdentifyCodec.decode(data, 8192);
    } catch (ProtocolViolationException expected) {
      assertThat(expected.getMessage()).isNotBlank();
      return;
    }
    IdentifyInfo again = IdentifyCodec.decode(IdentifyCodec.encode(info), Integer.MAX_VALUE);
    assertThat(again.publicKey()).isEqualTo(info.publicKey());
    assertThat(again.protocols()).isEqualTo(info.protocols());
    assertThat(again.listenAddrs()).isEqualTo(info.listenAddrs());
  }
}
