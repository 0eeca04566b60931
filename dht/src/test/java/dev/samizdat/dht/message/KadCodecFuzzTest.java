package dev.samizdat.dht.message;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.samizdat.dht.InvalidMessageException;
import java.nio.ByteBuffer;
import java.util.Optional;

class KadCodecFuzzTest {
  /** Arbitrary bytes decode to messages that re-encode and decode to the same, or fail cleanly. */
  @FuzzTest
  void decoderNeverFailsOtherwiseThanCleanly(FuzzedDataProvider data) {
    ByteBuffer in = ByteBuffer.wrap(data.consumeRemainingAsBytes());
    try {
      Optional<KadMessage> m;
      while ((m = KadCodec.decode(in)).isPresent()) {
        KadMessage again = KadCodec.decode(ByteBuffer.wrap(KadCodec.encode(m.get()))).orElseThrow();
        if (!again.equals(m.get())) {
          throw new AssertionError("re-encoding changed " + m.get());
        }
      }
    } catch (InvalidMessageException expected) {
      // refused with a reason: fine
    }
  }
}
