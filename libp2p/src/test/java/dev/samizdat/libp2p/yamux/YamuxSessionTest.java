package dev.samizdat.libp2p.yamux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.libp2p.Libp2pException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class YamuxSessionTest {
  private final Random random = new Random(7);

  @Test
  void manyConcurrentStreamsCarryDataBothWaysAndAreFreedAfterBothFins() {
    var pair = new SessionPair(11);
    var dialerHandlers = new ArrayList<RecordingHandler>();
    var streams = new ArrayList<YamuxStream>();
    Map<Long, byte[]> up = new HashMap<>();
    Map<Long, byte[]> down = new HashMap<>();
    for (int i = 0; i < 64; i++) {
      var handler = new RecordingHandler(true);
      var stream = pair.dialer.open(handler);
      dialerHandlers.add(handler);
      streams.add(stream);
      byte[] data = randomBytes(random.nextInt(300_000));
      up.put(stream.id(), data);
      writeInPieces(stream, data);
      stream.closeWrite();
    }
    pair.pump();
    assertThat(pair.listenerEvents.inbound).hasSize(64);
    for (var inbound : pair.listenerEvents.inbound.values()) {
      byte[] data = randomBytes(random.nextInt(300_000));
      down.put(inbound.id(), data);
      writeInPieces(inbound, data);
      inbound.closeWrite();
    }
    pair.pump();

    for (int i = 0; i < streams.size(); i++) {
      long id = streams.get(i).id();
      var remote = pair.listenerEvents.handlers.get(id);
      assertThat(remote.bytes()).as("stream %d upstream", id).isEqualTo(up.get(id));
      assertThat(dialerHandlers.get(i).bytes()).as("stream %d downstream", id).isEqualTo(down.get(id));
      assertThat(remote.remoteClosed && remote.closed && !remote.reset).isTrue();
      assertThat(dialerHandlers.get(i).closed).isTrue();
      assertThat(streams.get(i).isClosed()).isTrue();
    }
    assertThat(pair.dialer.streamCount()).isZero();
    assertThat(pair.listener.streamCount()).isZero();
    assertThat(pair.dialer.unacknowledgedCount()).isZero();
    assertThat(pair.dialerFailure).isNull();
    assertThat(pair.listenerFailure).isNull();
  }

  @Test
  void dialerUsesOddIdsAndListenerEvenIds() {
    var pair = new SessionPair(3);
    assertThat(pair.dialer.open(new RecordingHandler(true)).id()).isEqualTo(1);
    assertThat(pair.dialer.open(new RecordingHandler(true)).id()).isEqualTo(3);
    assertThat(pair.listener.open(new RecordingHandler(true)).id()).isEqualTo(2);
    pair.pump();
    assertThat(pair.listenerEvents.inbound.keySet()).containsExactly(1L, 3L);
    assertThat(pair.dialerEvents.inbound.keySet()).containsExactly(2L);
  }

  @Test
  void halfCloseLeavesTheOtherDirectionOpen() {
    var pair = new SessionPair(5);
    var handler = new RecordingHandler(true);
    var stream = pair.dialer.open(handler);
    stream.write("request".getBytes());
    stream.closeWrite();
    pair.pump();
    var remote = pair.listenerEvents.handlers.get(1L);
    var inbound = pair.listenerEvents.inbound.get(1L);
    assertThat(remote.remoteClosed).isTrue();
    assertThat(new String(remote.bytes())).isEqualTo("request");
    assertThat(stream.isClosed()).isFalse();
    assertThatThrownBy(() -> stream.write(new byte[1])).isInstanceOf(Libp2pException.class);

    inbound.write("response, part 1; ".getBytes());
    pair.pump();
    inbound.write("part 2".getBytes());
    inbound.closeWrite();
    pair.pump();
    assertThat(new String(handler.bytes())).isEqualTo("response, part 1; part 2");
    assertThat(handler.remoteClosed && handler.closed && remote.closed).isTrue();
    assertThat(pair.dialer.streamCount() + pair.listener.streamCount()).isZero();
  }

  @Test
  void resetMidTransferFreesBothSides() {
    var pair = new SessionPair(9);
    pair.listenerEvents.autoConsume = false;
    var handler = new RecordingHandler(true);
    var stream = pair.dialer.open(handler);
    writeInPieces(stream, randomBytes(700_000));
    pair.pump();
    assertThat(stream.queuedBytes()).isPositive();
    var remote = pair.listenerEvents.handlers.get(1L);
    assertThat(remote.received.size()).isEqualTo(YamuxConfig.INITIAL_WINDOW);

    stream.reset();
    assertThat(stream.queuedBytes()).isZero();
    assertThat(stream.isClosed()).isTrue();
    assertThat(pair.dialer.streamCount()).isZero();
    pair.pump();
    assertThat(remote.reset).isTrue();
    assertThat(pair.listener.streamCount()).isZero();
    assertThat(handler.reset).as("own reset is not reported back").isFalse();
    // The freed stream swallows late calls and late frames without effect.
    stream.reset();
    stream.closeWrite();
    assertThatThrownBy(() -> stream.write(new byte[1])).isInstanceOf(Libp2pException.class);
  }

  @Test
  void remoteResetReachesTheWriterAndDropsItsQueue() {
    var pair = new SessionPair(13);
    pair.listenerEvents.autoConsume = false;
    var handler = new RecordingHandler(true);
    var stream = pair.dialer.open(handler);
    writeInPieces(stream, randomBytes(500_000));
    pair.pump();
    pair.listenerEvents.inbound.get(1L).reset();
    pair.pump();
    assertThat(handler.reset).isTrue();
    assertThat(stream.isClosed()).isTrue();
    assertThat(stream.queuedBytes()).isZero();
    assertThat(pair.dialer.streamCount() + pair.listener.streamCount()).isZero();
  }

  @Test
  void refusedInboundStreamIsResetAtTheOpener() {
    var pair = new SessionPair(17);
    pair.listenerEvents.refuse = true;
    var handler = new RecordingHandler(true);
    var stream = pair.dialer.open(handler);
    stream.write("hello?".getBytes());
    pair.pump();
    assertThat(handler.reset).isTrue();
    assertThat(pair.dialer.streamCount()).isZero();
    assertThat(pair.dialer.unacknowledgedCount()).isZero();
  }

  @Test
  void closeResetsStreamsSendsGoAwayAndFailsPendingPings() {
    var pair = new SessionPair(19);
    var handler = new RecordingHandler(true);
    pair.dialer.open(handler);
    pair.pump();
    var ping = pair.dialer.ping();
    pair.dialer.close();
    assertThat(handler.reset).isTrue();
    assertThat(ping).isCompletedExceptionally();
    assertThat(pair.dialerEvents.closed).isTrue();
    assertThat(pair.dialerEvents.closeCause).isNull();
    assertThatThrownBy(() -> pair.dialer.open(new RecordingHandler(true))).isInstanceOf(Libp2pException.class);
    pair.pump();
    assertThat(pair.listenerEvents.goAways).containsExactly(YamuxFrame.GO_AWAY_NORMAL);
  }

  static void writeInPieces(YamuxStream stream, byte[] data) {
    int at = 0;
    while (at < data.length) {
      int n = Math.min(data.length - at, 1 + (at * 31 % 70_000));
      stream.write(data, at, n);
      at += n;
    }
  }

  static byte[] randomBytes(int n) {
    var b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }
}
