package dev.samizdat.libp2p;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** Multihash and PeerId decoders: they accept or throw IllegalArgumentException, nothing else. */
class IdentifierFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void multihashFromBytesRoundTrips(byte[] data) {
    Multihash hash;
    try {
      hash = Multihash.fromBytes(data);
    } catch (IllegalArgumentException expected) {
      return;
    }
    assertThat(hash.toBytes()).isEqualTo(data);
    assertThat(Multihash.of(hash.function(), hash.digest())).isEqualTo(hash);
  }

  @FuzzTest(maxDuration = "30s")
  void peerIdFromBytesRoundTripsThroughEveryTextForm(byte[] data) {
    PeerId id;
    try {
      id = PeerId.fromBytes(data);
    } catch (IllegalArgumentException expected) {
      return;
    }
    assertThat(id.toBytes()).isEqualTo(data);
    assertThat(PeerId.parse(id.toBase58())).isEqualTo(id);
    assertThat(PeerId.parse(id.toCid())).isEqualTo(id);
    assertThat(PeerId.parse(id.toBase36Cid())).isEqualTo(id);
    id.publicKey().ifPresent(key -> assertThat(id.matches(key)).isTrue());
  }

  @FuzzTest(maxDuration = "30s")
  void peerIdParseAcceptsOnlyWhatItPrintsBack(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    PeerId id;
    try {
      id = PeerId.parse(text);
    } catch (IllegalArgumentException expected) {
      return;
    }
    assertThat(PeerId.parse(id.toBase58())).isEqualTo(id);
    assertThat(PeerId.fromBytes(id.toBytes())).isEqualTo(id);
  }
}
