package dev.samizdat.libp2p.yamux;

import static dev.samizdat.libp2p.yamux.YamuxFrame.FLAG_SYN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.libp2p.ProtocolViolationException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each way the remote can break the protocol ends the session with GO_AWAY protocol error. */
class YamuxProtocolViolationTest {

  @Test
  void streamOpenedWithOurParity() {
    expectViolation(YamuxSession.Role.DIALER, p -> p.send(new YamuxFrame.WindowUpdate(3, FLAG_SYN, 0)), "parity");
    expectViolation(YamuxSession.Role.LISTENER, p -> p.send(new YamuxFrame.WindowUpdate(4, FLAG_SYN, 0)), "parity");
  }

  @Test
  void synForAStreamThatIsAlreadyOpen() {
    expectViolation(YamuxSession.Role.LISTENER, p -> p.send(
        new YamuxFrame.WindowUpdate(1, FLAG_SYN, 0), new YamuxFrame.Data(1, FLAG_SYN, new byte[1])), "already open");
  }

  @Test
  void streamFrameOnSessionId0() {
    expectViolation(YamuxSession.Role.LISTENER, p -> p.send(new YamuxFrame.Data(0, 0, new byte[1])), "id 0");
  }

  @Test
  void unknownFrameType() {
    byte[] frame = YamuxFrameEncoder.encode(new YamuxFrame.Ping(FLAG_SYN, 1));
    frame[1] = 9;
    expectViolation(YamuxSession.Role.LISTENER, p -> p.session.receive(frame), "type 9");
  }

  @Test
  void dataFrameLongerThanTheWholeWindow() {
    byte[] header = YamuxFrameEncoder.encode(new YamuxFrame.WindowUpdate(1, FLAG_SYN, 0));
    header[1] = YamuxFrame.TYPE_DATA;
    header[8] = 0x7F;
    expectViolation(YamuxSession.Role.LISTENER, p -> p.session.receive(header), "exceeds the limit");
  }

  private static void expectViolation(YamuxSession.Role role, Consumer<RawPeer> remote, String message) {
    var peer = new RawPeer(role, YamuxConfig.DEFAULT);
    var mine = new RecordingHandler(true);
    var stream = peer.session.open(mine);
    peer.sent();
    assertThatThrownBy(() -> remote.accept(peer))
        .isInstanceOf(ProtocolViolationException.class)
        .hasMessageContaining(message);
    assertThat(peer.sent()).containsExactly(new YamuxFrame.GoAway(YamuxFrame.GO_AWAY_PROTOCOL_ERROR));
    assertThat(peer.session.isClosed()).isTrue();
    assertThat(peer.events.closeCause).isInstanceOf(ProtocolViolationException.class);
    assertThat(mine.reset).isTrue();
    assertThat(stream.isClosed()).isTrue();
    assertThat(peer.session.streamCount()).isZero();
  }
}
