package dev.samizdat.libp2p.multistream;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.samizdat.libp2p.ProtocolViolationException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Remote bytes into the multistream codec and state machines: they only ever raise
 * ProtocolViolationException. The first input byte picks the chunk size the rest is fed in.
 */
class MultistreamFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void decodesMessagesOrRejectsThem(byte[] data) {
    ByteBuffer buffer = ByteBuffer.wrap(data);
    try {
      while (true) {
        int before = buffer.position();
        var message = MultistreamCodec.decode(buffer);
        if (message.isEmpty()) {
          assertThat(buffer.position()).isEqualTo(before);
          return;
        }
        String text = message.get();
        if (!text.isEmpty() && text.indexOf('\n') < 0) {
          byte[] again = MultistreamCodec.encode(text);
          assertThat(again).hasSize(buffer.position() - before);
        }
      }
    } catch (ProtocolViolationException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @FuzzTest(maxDuration = "30s")
  void listenerSurvivesArbitraryDialerBytes(byte[] data) {
    MultistreamListener listener = new MultistreamListener(List.of("/ipfs/kad/1.0.0", "/ipfs/ping/1.0.0"), true);
    feed(data, listener::receive);
  }

  @FuzzTest(maxDuration = "30s")
  void dialerSurvivesArbitraryListenerBytes(byte[] data) {
    MultistreamDialer dialer = new MultistreamDialer(List.of("/ipfs/kad/1.0.0", "/ipfs/kad/0.2.3"));
    dialer.start();
    feed(data, dialer::receive);
  }

  private interface Role {
    NegotiationStep receive(byte[] in, int offset, int length);
  }

  private static void feed(byte[] data, Role role) {
    if (data.length == 0) {
      return;
    }
    int chunk = 1 + (data[0] & 0x3F);
    try {
      for (int offset = 1; offset < data.length; offset += chunk) {
        int length = Math.min(chunk, data.length - offset);
        NegotiationStep step = role.receive(data, offset, length);
        assertThat(step.output()).isNotNull();
        if (!(step instanceof NegotiationStep.Continue)) {
          if (step instanceof NegotiationStep.Agreed agreed) {
            assertThat(agreed.remainder().length).isLessThanOrEqualTo(length);
          }
          return;
        }
      }
    } catch (ProtocolViolationException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
