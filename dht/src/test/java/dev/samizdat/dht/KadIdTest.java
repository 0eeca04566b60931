package dev.samizdat.dht;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.crypto.Bytes;
import dev.samizdat.crypto.Hashes;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KadIdTest {
  @Test
  void keyPositionIsSha256OfTheKeyBytes() {
    byte[] key = "/sz/prekeys/x".getBytes(StandardCharsets.US_ASCII);
    assertThat(KadId.ofKey(key).toBytes()).isEqualTo(Hashes.sha256(key));
  }

  @Test
  void peerPositionIsSha256OfTheMultihash() {
    var peer = new TestPeers(1).id();
    assertThat(KadId.ofPeer(peer).toBytes()).isEqualTo(Hashes.sha256(peer.toBytes()));
  }

  @Test
  void distanceIsXorAndCommonPrefixCountsLeadingEqualBits() {
    byte[] a = new byte[32];
    byte[] b = new byte[32];
    b[1] = 0x10; // bit 11 differs
    KadId x = KadId.fromHash(a);
    KadId y = KadId.fromHash(b);
    assertThat(x.commonPrefixLength(y)).isEqualTo(11);
    assertThat(x.commonPrefixLength(x)).isEqualTo(256);
    assertThat(Bytes.hex(x.distance(y).toBytes())).isEqualTo(Bytes.hex(b));
  }

  @Test
  void compareDistanceOrdersByXorAsUnsignedNumber() {
    byte[] t = new byte[32];
    byte[] near = new byte[32];
    near[31] = 1;
    byte[] far = new byte[32];
    far[0] = (byte) 0x80; // the sign bit of the first word: unsigned comparison must rank it farthest
    KadId target = KadId.fromHash(t);
    assertThat(target.compareDistance(KadId.fromHash(near), KadId.fromHash(far))).isNegative();
    assertThat(target.compareDistance(KadId.fromHash(far), KadId.fromHash(near))).isPositive();
  }

  @Test
  void randomIdWithCommonPrefixHasExactlyThatPrefix() {
    Random r = new Random(3);
    KadId self = KadId.random(r);
    for (int cpl : new int[] {0, 1, 7, 63, 64, 65, 127, 200, 255}) {
      assertThat(self.commonPrefixLength(KadId.randomWithCommonPrefix(self, cpl, r))).isEqualTo(cpl);
    }
  }

  @Test
  void refreshKeysHashIntoTheWantedBucket() {
    Random r = new Random(5);
    KadId self = KadId.random(r);
    for (int cpl = 0; cpl < 20; cpl++) {
      assertThat(self.commonPrefixLength(KadId.ofKey(RefreshKeys.keyInBucket(self, cpl, r)))).isEqualTo(cpl);
    }
  }
}
