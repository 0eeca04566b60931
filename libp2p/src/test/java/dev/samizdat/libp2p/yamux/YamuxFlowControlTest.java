package dev.samizdat.libp2p.yamux;

import static dev.samizdat.libp2p.yamux.YamuxFrame.FLAG_ACK;
import static dev.samizdat.libp2p.yamux.YamuxFrame.FLAG_SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.libp2p.Libp2pException;
import dev.samizdat.libp2p.ProtocolViolationException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class YamuxFlowControlTest {
  private static final int WINDOW = YamuxConfig.INITIAL_WINDOW;
  private static final Duration ROUND_TRIP = Duration.ofMillis(10);

  /** A pair whose listener has measured the round trip, which window growth is judged against. */
  private static SessionPair pairWithMeasuredRoundTrip(YamuxConfig listenerConfig, long seed) {
    var pair = new SessionPair(YamuxConfig.DEFAULT, listenerConfig, seed);
    pair.listener.roundTrip();
    pair.clock.advance(ROUND_TRIP);
    pair.pump();
    return pair;
  }

  @Test
  void writerToANonReadingStreamStopsAfterTheWindowAndReadingResumesIt() {
    var pair = new SessionPair(21);
    pair.listenerEvents.autoConsume = false;
    var handler = new RecordingHandler(true);
    var stream = pair.dialer.open(handler);
    byte[] chunk = new byte[64 * 1024];
    long written = 0;
    while (stream.write(chunk)) {
      written += chunk.length;
    }
    written += chunk.length;
    pair.pump();

    var remote = pair.listenerEvents.handlers.get(1L);
    var inbound = pair.listenerEvents.inbound.get(1L);
    assertThat(remote.received.size()).isEqualTo(WINDOW);
    assertThat(inbound.unconsumedBytes()).isEqualTo(WINDOW);
    assertThat(stream.sendWindow()).isZero();
    assertThat(stream.queuedBytes()).isEqualTo(written - WINDOW);
    assertThat(stream.isWritable()).isFalse();
    assertThatThrownBy(() -> stream.write(new byte[YamuxConfig.DEFAULT.sendQueueLimit()]))
        .isInstanceOf(Libp2pException.class)
        .hasMessageContaining("send queue");
    // Nothing moves while the reader sleeps.
    pair.pump();
    assertThat(remote.received.size()).isEqualTo(WINDOW);

    // The reader consumes in small steps: data flows again, never more than one window unconsumed.
    long total = written;
    while (remote.received.size() < total) {
      inbound.consumed((int) Math.min(inbound.unconsumedBytes(), 10_000));
      pair.pump();
      assertThat(inbound.unconsumedBytes()).isLessThanOrEqualTo(WINDOW);
    }
    assertThat(stream.queuedBytes()).isZero();
    assertThat(handler.writableEvents).isEqualTo(1);
    assertThat(stream.isWritable()).isTrue();
    assertThat(remote.maxUnconsumed).isLessThanOrEqualTo(WINDOW);
    assertThat(pair.maxInFlight).isLessThan(WINDOW + 64 * 1024);
  }

  @Test
  void aWindowThatLimitsAFastReaderGrowsUpToTheMaximum() {
    var pair = pairWithMeasuredRoundTrip(YamuxConfig.DEFAULT, 29);
    assertThat(pair.listener.roundTrip()).isEqualTo(ROUND_TRIP);

    var stream = pair.dialer.open(new RecordingHandler(false));
    for (int i = 0; i < 16; i++) {
      stream.write(new byte[1 << 20]);
      pair.pump();
    }

    // The whole transfer took no time at all: every update came within two round trips of the last.
    assertThat(pair.listenerEvents.handlers.get(1L).received.size()).isEqualTo(16 << 20);
    assertThat(stream.sendWindow()).isGreaterThan(YamuxConfig.DEFAULT_MAX_RECEIVE_WINDOW / 2)
        .isLessThanOrEqualTo(YamuxConfig.DEFAULT_MAX_RECEIVE_WINDOW);
  }

  @Test
  void windowsGrowOnlyWithinTheSessionsTotalSoTheRemoteCannotMakeUsHoldMore() {
    var pair = pairWithMeasuredRoundTrip(YamuxConfig.DEFAULT.withMaxTotalReceiveWindow(3 * WINDOW), 37);

    var first = pair.dialer.open(new RecordingHandler(false));
    var second = pair.dialer.open(new RecordingHandler(false));
    for (int i = 0; i < 16; i++) {
      first.write(new byte[1 << 20]);
      second.write(new byte[1 << 20]);
      pair.pump();
    }

    assertThat(pair.listenerEvents.handlers.get(1L).received.size()).isEqualTo(16 << 20);
    assertThat(pair.listenerEvents.handlers.get(3L).received.size()).isEqualTo(16 << 20);
    long firstWindow = pair.listenerEvents.inbound.get(1L).windowSize();
    long secondWindow = pair.listenerEvents.inbound.get(3L).windowSize();
    assertThat(firstWindow + secondWindow).isEqualTo(3 * WINDOW);
    assertThat(Math.min(firstWindow, secondWindow)).isEqualTo(WINDOW);
    assertThat(first.sendWindow() + second.sendWindow()).isLessThanOrEqualTo(3 * WINDOW);
  }

  @Test
  void aFreedStreamsWindowCanBeGrantedAgain() {
    var pair = pairWithMeasuredRoundTrip(YamuxConfig.DEFAULT.withMaxTotalReceiveWindow(2 * WINDOW), 41);

    var idle = pair.dialer.open(new RecordingHandler(false));
    idle.write(new byte[1]);
    var busy = pair.dialer.open(new RecordingHandler(false));
    for (int i = 0; i < 4; i++) {
      busy.write(new byte[1 << 20]);
      pair.pump();
    }
    assertThat(pair.listenerEvents.inbound.get(3L).windowSize()).isEqualTo(WINDOW);

    idle.reset();
    pair.pump();
    for (int i = 0; i < 4; i++) {
      busy.write(new byte[1 << 20]);
      pair.pump();
    }
    assertThat(pair.listenerEvents.inbound.get(3L).windowSize()).isEqualTo(2 * WINDOW);
  }

  @Test
  void aSlowReaderKeepsTheInitialWindow() {
    var pair = pairWithMeasuredRoundTrip(YamuxConfig.DEFAULT, 31);
    pair.listenerEvents.autoConsume = false;

    var stream = pair.dialer.open(new RecordingHandler(false));
    stream.write(new byte[1 << 20]);
    pair.pump();
    var remote = pair.listenerEvents.handlers.get(1L);
    var inbound = pair.listenerEvents.inbound.get(1L);
    while (remote.received.size() < 1 << 20) {
      pair.clock.advance(Duration.ofMillis(100));
      inbound.consumed((int) inbound.unconsumedBytes());
      pair.pump();
    }
    assertThat(remote.maxUnconsumed).isEqualTo(WINDOW);
    assertThat(stream.sendWindow()).isLessThanOrEqualTo(WINDOW);
  }

  @Test
  void aLargerReceiveWindowIsGrantedInTheSynAndAck() {
    var big = YamuxConfig.DEFAULT.withReceiveWindow(1024 * 1024).withSendQueue(4 << 20, 4 << 20);
    var pair = new SessionPair(big, big, 23);
    pair.listenerEvents.autoConsume = false;
    var stream = pair.dialer.open(new RecordingHandler(false));
    stream.write(new byte[3 * 1024 * 1024]);
    pair.pump();
    assertThat(pair.listenerEvents.inbound.get(1L).unconsumedBytes()).isEqualTo(1024 * 1024);
    var back = pair.listenerEvents.inbound.get(1L);
    back.write(new byte[3 * 1024 * 1024]);
    pair.pump();
    assertThat(stream.unconsumedBytes()).isEqualTo(1024 * 1024);
  }

  @Test
  void acceptsLargeWindowDeltasAsJsSends() {
    var peer = new RawPeer(YamuxSession.Role.LISTENER, YamuxConfig.DEFAULT);
    peer.send(new YamuxFrame.WindowUpdate(1, FLAG_SYN, 512 * 1024));
    var inbound = peer.events.inbound.get(1L);
    assertThat(inbound.sendWindow()).isEqualTo(WINDOW + 512 * 1024);
    inbound.write(new byte[WINDOW + 512 * 1024 + 1000]);
    var sent = peer.sent();
    assertThat(RawPeer.dataBytes(sent)).isEqualTo(WINDOW + 512 * 1024);
    assertThat(sent.get(0).flags() & FLAG_ACK).as("first frame acknowledges the stream").isEqualTo(FLAG_ACK);
    assertThat(sent.subList(1, sent.size())).allMatch(f -> (f.flags() & FLAG_ACK) == 0);
    assertThat(inbound.queuedBytes()).isEqualTo(1000);

    peer.send(new YamuxFrame.WindowUpdate(1, 0, YamuxFrame.MAX_UINT32));
    assertThat(RawPeer.dataBytes(peer.sent())).isEqualTo(1000);
    assertThat(inbound.sendWindow()).isEqualTo(YamuxFrame.MAX_UINT32 - 1000);
    assertThat(peer.session.isClosed()).isFalse();
  }

  @Test
  void aRemoteThatOverrunsOurWindowGetsGoAwayProtocolError() {
    var peer = new RawPeer(YamuxSession.Role.LISTENER, YamuxConfig.DEFAULT);
    peer.events.autoConsume = false;
    peer.send(new YamuxFrame.WindowUpdate(1, FLAG_SYN, 0), new YamuxFrame.Data(1, 0, new byte[WINDOW - 10]));
    var handler = peer.events.handlers.get(1L);
    assertThatThrownBy(() -> peer.send(new YamuxFrame.Data(1, 0, new byte[11])))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining("window");
    assertThat(peer.sent()).contains(new YamuxFrame.GoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR));
    assertThat(peer.session.isClosed()).isTrue();
    assertThat(handler.reset).isTrue();
    assertThat(peer.events.closeCause).isInstanceOf(ProtocolViolationException.class);
    // Further input is ignored, not answered.
    peer.send(new YamuxFrame.Ping(FLAG_SYN, 1));
    assertThat(peer.sent()).isEmpty();
  }

  @Test
  void windowUpdatesFollowConsumptionOnly() {
    var peer = new RawPeer(YamuxSession.Role.LISTENER, YamuxConfig.DEFAULT);
    peer.events.autoConsume = false;
    peer.send(new YamuxFrame.WindowUpdate(1, FLAG_SYN, 0), new YamuxFrame.Data(1, 0, new byte[WINDOW]));
    var inbound = peer.events.inbound.get(1L);
    inbound.consumed(WINDOW / 2 - 1);
    assertThat(peer.sent()).isEmpty();
    inbound.consumed(1);
    assertThat(peer.sent()).containsExactly(new YamuxFrame.WindowUpdate(1, FLAG_ACK, WINDOW / 2));
    assertThatThrownBy(() -> inbound.consumed(WINDOW)).isInstanceOf(IllegalArgumentException.class);
    // The remote may now send exactly the half window it was granted back.
    peer.send(new YamuxFrame.Data(1, 0, new byte[WINDOW / 2]));
    assertThat(peer.session.isClosed()).isFalse();
  }
}
