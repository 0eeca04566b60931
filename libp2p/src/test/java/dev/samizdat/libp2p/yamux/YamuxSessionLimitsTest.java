package dev.samizdat.libp2p.yamux;

import static dev.samizdat.libp2p.yamux.YamuxFrame.FLAG_ACK;
import static dev.samizdat.libp2p.yamux.YamuxFrame.FLAG_FIN;
import static dev.samizdat.libp2p.yamux.YamuxFrame.FLAG_RST;
import static dev.samizdat.libp2p.yamux.YamuxFrame.FLAG_SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.libp2p.Libp2pException;
import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** Session limits, PING and GO_AWAY. */
class YamuxSessionLimitsTest {

  @Test
  void inboundStreamsBeyondTheLimitAreAnsweredWithRst() {
    var pair = new SessionPair(YamuxConfig.DEFAULT, YamuxConfig.DEFAULT.withMaxStreams(2), 31);
    var handlers = new ArrayList<RecordingHandler>();
    for (int i = 0; i < 3; i++) {
      var h = new RecordingHandler(true);
      handlers.add(h);
      pair.dialer.open(h).write("x".getBytes());
    }
    pair.pump();
    assertThat(pair.listener.streamCount()).isEqualTo(2);
    assertThat(handlers).extracting(h -> h.reset).containsExactly(false, false, true);
    assertThat(pair.dialer.streamCount()).isEqualTo(2);
  }

  @Test
  void openingBeyondTheStreamLimitFailsLocally() {
    var pair = new SessionPair(YamuxConfig.DEFAULT.withMaxStreams(2), YamuxConfig.DEFAULT, 33);
    pair.dialer.open(new RecordingHandler(true));
    var second = pair.dialer.open(new RecordingHandler(true));
    assertThatThrownBy(() -> pair.dialer.open(new RecordingHandler(true)))
        .isInstanceOf(Libp2pException.class)
        .hasMessageContaining("limit");
    second.reset();
    assertThat(pair.dialer.open(new RecordingHandler(true)).id()).isEqualTo(5);
  }

  @Test
  void ackBacklogLimitsStreamsTheRemoteHasNotAcknowledged() {
    var pair = new SessionPair(YamuxConfig.DEFAULT.withMaxAckBacklog(3), YamuxConfig.DEFAULT, 35);
    for (int i = 0; i < 3; i++) {
      pair.dialer.open(new RecordingHandler(true)).write("hi".getBytes());
    }
    pair.pump();
    // The listener has accepted them but sent nothing yet, so nothing is acknowledged.
    assertThat(pair.dialer.unacknowledgedCount()).isEqualTo(3);
    assertThatThrownBy(() -> pair.dialer.open(new RecordingHandler(true)))
        .isInstanceOf(Libp2pException.class)
        .hasMessageContaining("not yet acknowledged");
    pair.listenerEvents.inbound.get(3L).write("ack".getBytes());
    pair.pump();
    assertThat(pair.dialer.unacknowledgedCount()).isEqualTo(2);
    assertThat(pair.dialer.open(new RecordingHandler(true)).id()).isEqualTo(7);
  }

  @Test
  void pingMeasuresTheRoundTripOnTheInjectedClock() {
    var pair = new SessionPair(37);
    var rtt = pair.dialer.ping();
    assertThat(rtt).isNotDone();
    pair.clock.advance(Duration.ofMillis(42));
    pair.pump();
    assertThat(rtt).isCompletedWithValue(Duration.ofMillis(42));
  }

  @Test
  void pingSynIsAnsweredWithAckEchoingTheOpaqueValueAndAnUnsolicitedAckIsIgnored() {
    var peer = new RawPeer(YamuxSession.Role.DIALER, YamuxConfig.DEFAULT);
    peer.send(new YamuxFrame.Ping(FLAG_SYN, 0xDEAD_BEEFL));
    assertThat(peer.sent()).containsExactly(new YamuxFrame.Ping(FLAG_ACK, 0xDEAD_BEEFL));
    peer.send(new YamuxFrame.Ping(FLAG_ACK, 77));
    assertThat(peer.sent()).isEmpty();
    assertThat(peer.session.isClosed()).isFalse();
  }

  @Test
  void unansweredPingsAreBounded() {
    var peer = new RawPeer(YamuxSession.Role.DIALER, YamuxConfig.DEFAULT);
    for (int i = 0; i < YamuxConfig.DEFAULT.maxOutstandingPings(); i++) {
      assertThat(peer.session.ping()).isNotDone();
    }
    assertThat(peer.session.ping()).isCompletedExceptionally();
    assertThat(peer.sent()).hasSize(YamuxConfig.DEFAULT.maxOutstandingPings());
  }

  @Test
  void goAwayStopsNewStreamsButExistingOnesCarryOn() {
    var pair = new SessionPair(39);
    var handler = new RecordingHandler(true);
    var stream = pair.dialer.open(handler);
    pair.pump();
    pair.listener.goAway();
    pair.pump();
    assertThat(pair.dialerEvents.goAways).containsExactly(YamuxFrame.GO_AWAY_NORMAL);
    assertThat(pair.dialer.isRemoteGoAway()).isTrue();
    assertThatThrownBy(() -> pair.dialer.open(new RecordingHandler(true)))
        .isInstanceOf(Libp2pException.class)
        .hasMessageContaining("GO_AWAY");

    stream.write("still here".getBytes());
    stream.closeWrite();
    pair.pump();
    assertThat(new String(pair.listenerEvents.handlers.get(1L).bytes())).isEqualTo("still here");
    assertThat(pair.dialer.isClosed() || pair.listener.isClosed()).isFalse();
  }

  @Test
  void afterOurGoAwayInboundSynIsRefused() {
    var peer = new RawPeer(YamuxSession.Role.DIALER, YamuxConfig.DEFAULT);
    peer.session.goAway();
    assertThat(peer.sent()).containsExactly(new YamuxFrame.GoAway(YamuxFrame.GO_AWAY_NORMAL));
    peer.send(new YamuxFrame.WindowUpdate(2, FLAG_SYN, 0));
    assertThat(peer.sent()).containsExactly(new YamuxFrame.WindowUpdate(2, FLAG_RST, 0));
    assertThat(peer.events.inbound).isEmpty();
  }

  @Test
  void goAwayWithAnErrorCodeEndsTheSession() {
    var peer = new RawPeer(YamuxSession.Role.DIALER, YamuxConfig.DEFAULT);
    var handler = new RecordingHandler(true);
    peer.session.open(handler);
    peer.send(new YamuxFrame.GoAway(YamuxFrame.GO_AWAY_INTERNAL_ERROR));
    assertThat(peer.session.isClosed()).isTrue();
    assertThat(handler.reset).isTrue();
    assertThat(peer.events.closeCause).isInstanceOf(Libp2pException.class).hasMessageContaining("internal error");
  }

  @Test
  void framesForUnknownOrFreedStreamsAreIgnored() {
    var peer = new RawPeer(YamuxSession.Role.DIALER, YamuxConfig.DEFAULT);
    var stream = peer.session.open(new RecordingHandler(true));
    stream.reset();
    peer.sent();
    peer.send(new YamuxFrame.Data(1, FLAG_ACK, new byte[100]), new YamuxFrame.WindowUpdate(1, FLAG_FIN, 5),
        new YamuxFrame.Data(41, 0, new byte[10]), new YamuxFrame.WindowUpdate(42, FLAG_RST, 0));
    assertThat(peer.sent()).isEmpty();
    assertThat(peer.session.isClosed()).isFalse();
  }

  @Test
  void dataAfterTheRemoteFinResetsOnlyThatStream() {
    var peer = new RawPeer(YamuxSession.Role.DIALER, YamuxConfig.DEFAULT);
    peer.send(new YamuxFrame.Data(2, FLAG_SYN | FLAG_FIN, "a".getBytes()), new YamuxFrame.Data(2, 0, "b".getBytes()));
    var handler = peer.events.handlers.get(2L);
    assertThat(new String(handler.bytes())).isEqualTo("a");
    assertThat(handler.remoteClosed && handler.reset).isTrue();
    assertThat(peer.sent()).containsExactly(new YamuxFrame.WindowUpdate(2, FLAG_RST, 0));
    assertThat(peer.session.isClosed()).isFalse();
  }
}
