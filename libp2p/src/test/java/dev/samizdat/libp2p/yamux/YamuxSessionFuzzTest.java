package dev.samizdat.libp2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.ProtocolViolationException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

class YamuxSessionFuzzTest {
  private static final YamuxConfig SMALL = YamuxConfig.DEFAULT.withMaxStreams(8).withMaxAckBacklog(4);

  /**
   * Arbitrary bytes from the remote, in arbitrary chunks, to a session whose streams echo, consume and reset: the
   * session either goes on or closes with ProtocolViolationException after GO_AWAY; everything it sends is
   * well-formed and its limits hold.
   */
  @FuzzTest(maxDuration = "60s")
  void survivesArbitraryRemoteBytes(FuzzedDataProvider data) {
    var role = data.consumeBoolean() ? YamuxSession.Role.DIALER : YamuxSession.Role.LISTENER;
    byte[] input = data.consumeRemainingAsBytes();
    var out = new ArrayList<byte[]>();
    var listener = new EchoListener();
    var session = new YamuxSession(role, SMALL, out::add, listener, new MutableClock());
    session.open(listener.onInboundStream(null)).write(new byte[1000]);
    session.ping();

    var random = new Random(input.length);
    int at = 0;
    try {
      while (at < input.length) {
        int n = Math.min(input.length - at, 1 + random.nextInt(64));
        session.receive(ByteBuffer.wrap(input, at, n));
        at += n;
        assertThat(session.streamCount()).isLessThanOrEqualTo(SMALL.maxStreams());
        assertThat(session.unacknowledgedCount()).isBetween(0, SMALL.maxAckBacklog());
      }
    } catch (ProtocolViolationException e) {
      assertThat(session.isClosed()).isTrue();
      assertThat(listener.cause).isSameAs(e);
      assertThat(session.streamCount()).isZero();
    }
    assertAllWellFormed(out);
  }

  private static void assertAllWellFormed(List<byte[]> out) {
    var decoder = new YamuxFrameDecoder(YamuxStream.MAX_DATA_FRAME_PAYLOAD);
    for (byte[] frame : out) {
      var in = ByteBuffer.wrap(frame);
      assertThat(decoder.decode(in)).isNotNull();
      assertThat(in.hasRemaining()).isFalse();
    }
  }

  /** Echoes what arrives, consumes it, closes on FIN and resets a stream every so often. */
  private static final class EchoListener implements YamuxSessionListener, YamuxStreamHandler {
    Libp2pException cause;
    int deliveries;

    @Override
    public YamuxStreamHandler onInboundStream(YamuxStream stream) {
      return this;
    }

    @Override
    public void onData(YamuxStream stream, byte[] bytes) {
      if (++deliveries % 7 == 0) {
        stream.reset();
        return;
      }
      if (stream.isWritable()) {
        stream.write(bytes);
      }
      stream.consumed(bytes.length);
    }

    @Override
    public void onRemoteClose(YamuxStream stream) {
      stream.closeWrite();
    }

    @Override
    public void onReset(YamuxStream stream) {}

    @Override
    public void onClosed(Libp2pException cause) {
      this.cause = cause;
    }
  }
}
