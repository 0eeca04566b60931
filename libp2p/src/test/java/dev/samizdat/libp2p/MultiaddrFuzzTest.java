package dev.samizdat.libp2p;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** Multiaddr decoders: they accept or throw IllegalArgumentException, and what they accept round-trips. */
class MultiaddrFuzzTest {
  @FuzzTest(maxDuration = "30s")
  void fromBytesRoundTripsThroughText(byte[] data) {
    Multiaddr addr;
    try {
      addr = Multiaddr.fromBytes(data);
    } catch (IllegalArgumentException expected) {
      return;
    }
    assertThat(addr.toBytes()).isEqualTo(data);
    assertThat(Multiaddr.parse(addr.toString())).isEqualTo(addr);
    exerciseHelpers(addr);
  }

  @FuzzTest(maxDuration = "30s")
  void parseRoundTripsThroughBytes(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    Multiaddr addr;
    try {
      addr = Multiaddr.parse(text);
    } catch (IllegalArgumentException expected) {
      return;
    }
    assertThat(Multiaddr.fromBytes(addr.toBytes())).isEqualTo(addr);
    assertThat(Multiaddr.parse(addr.toString()).toString()).isEqualTo(addr.toString());
    exerciseHelpers(addr);
  }

  private static void exerciseHelpers(Multiaddr addr) {
    addr.toInetSocketAddress();
    addr.isLoopback();
    addr.isPrivate();
    addr.isPlainTcp();
    addr.peerId().ifPresent(peer -> {
      Multiaddr bare = addr.withoutP2p();
      assertThat(bare.components()).hasSize(addr.components().size() - 1);
      if (bare.peerId().isEmpty()) {
        assertThat(bare.withP2p(peer)).isEqualTo(addr);
      }
    });
  }
}
