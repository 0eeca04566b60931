package dev.samizdat.dht.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.samizdat.crypto.Bytes;
import dev.samizdat.dht.InvalidMessageException;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.TestPeers;
import dev.samizdat.libp2p.Varint;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KadCodecTest {
  private final TestPeers peers = new TestPeers(9);

  private KadMessage full() {
    PeerAddresses a = peers.peer();
    PeerAddresses b = PeerAddresses.of(peers.id());
    DhtRecord record = new DhtRecord("/sz/k/x".getBytes(), new byte[] {1, 2, 3},
        Instant.parse("2024-01-02T03:04:05.000000006Z"));
    return new KadMessage(MessageType.GET_VALUE, "/sz/k/x".getBytes(), record, List.of(a, b), List.of(a), 0);
  }

  @Test
  void roundTripsEveryField() {
    KadMessage m = full();
    assertThat(KadCodec.decode(ByteBuffer.wrap(KadCodec.encode(m)))).contains(m);
  }

  @Test
  void decodesOneFrameOrNothingAtEverySplit() {
    byte[] one = KadCodec.encode(full());
    byte[] two = Bytes.concat(one, KadCodec.encode(KadMessage.ping()));
    for (int split = 0; split <= two.length; split++) {
      ByteBuffer in = ByteBuffer.allocate(two.length);
      in.put(two, 0, split).flip();
      int decoded = 0;
      while (KadCodec.decode(in).isPresent()) {
        decoded++;
      }
      int consumed = in.position();
      in.compact().put(two, split, two.length - split).flip();
      while (KadCodec.decode(in).isPresent()) {
        decoded++;
      }
      assertThat(decoded).as("split at %d (first pass consumed %d)", split, consumed).isEqualTo(2);
      assertThat(in.remaining()).isZero();
    }
  }

  @Test
  void missingTypeMeansPutValue() {
    // js omits type for PUT_VALUE: field 2 (key) only.
    byte[] body = {0x12, 0x01, 0x61};
    ByteBuffer in = ByteBuffer.wrap(Bytes.concat(Varint.encode(body.length), body));
    assertThat(KadCodec.decode(in).orElseThrow().type()).isEqualTo(MessageType.PUT_VALUE);
  }

  @Test
  void timeReceivedIsWrittenWithNineFractionDigits() {
    assertThat(Rfc3339.format(Instant.parse("2024-01-02T03:04:05Z"))).isEqualTo("2024-01-02T03:04:05.000000000Z");
    assertThat(Rfc3339.parseOrNull("2024-01-02T03:04:05.123456789Z"))
        .isEqualTo(Instant.parse("2024-01-02T03:04:05.123456789Z"));
    assertThat(Rfc3339.parseOrNull("yesterday")).isNull();
  }

  @Test
  void refusesAnOversizedFrameBeforeReadingIt() {
    ByteBuffer in = ByteBuffer.wrap(Varint.encode(KadCodec.MAX_MESSAGE_SIZE + 1L));
    assertThatThrownBy(() -> KadCodec.decode(in)).isInstanceOf(InvalidMessageException.class)
        .hasMessageContaining("exceeds");
  }

  @Test
  void refusesUnknownTypesAndInvalidPeerIds() {
    byte[] unknownType = {0x08, 0x09};
    assertThatThrownBy(() -> KadCodec.decodeBody(ByteBuffer.wrap(unknownType)))
        .isInstanceOf(InvalidMessageException.class).hasMessageContaining("type 9");
    byte[] badPeer = {0x08, 0x04, 0x42, 0x03, 0x0a, 0x01, 0x07};
    assertThatThrownBy(() -> KadCodec.decodeBody(ByteBuffer.wrap(badPeer)))
        .isInstanceOf(InvalidMessageException.class).hasMessageContaining("invalid peer id");
  }
}
