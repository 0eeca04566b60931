package dev.samizdat.dht.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.dht.KadId;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.TestPeers;
import dev.samizdat.libp2p.PeerId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTableTest {
  private final TestPeers peers = new TestPeers(21);
  private final PeerId self = peers.id();
  private final KadId selfId = KadId.ofPeer(self);

  /** Peers that all land in bucket 0 (first bit differs from ours), each in its own /24. */
  private List<PeerAddresses> bucketZeroPeers(int n) {
    List<PeerAddresses> out = new ArrayList<>();
    while (out.size() < n) {
      PeerAddresses p = peers.peer();
      if (selfId.commonPrefixLength(KadId.ofPeer(p.id())) == 0) {
        out.add(p);
      }
    }
    return out;
  }

  @Test
  void onlyDhtServersOtherThanSelfEnter() {
    RoutingTable t = new RoutingTable(self, RoutingConfig.DEFAULT, new InMemoryRoutingTableStore(), 0);
    assertThat(t.offer(peers.peer(), false, 0)).isEqualTo(new OfferResult.Rejected(OfferResult.Reason.NOT_A_DHT_SERVER));
    assertThat(t.offer(PeerAddresses.of(self), true, 0)).isEqualTo(new OfferResult.Rejected(OfferResult.Reason.SELF));
    PeerAddresses p = peers.peer();
    assertThat(t.offer(p, true, 0)).isInstanceOf(OfferResult.Added.class);
    assertThat(t.offer(p, true, 1)).isInstanceOf(OfferResult.Updated.class);
    t.offer(p, false, 2);
    assertThat(t.contains(p.id())).isFalse();
  }

  @Test
  void fullBucketPingsItsQuietOldestAndKeepsItWhenAlive() {
    RoutingTable t = new RoutingTable(self, RoutingConfig.DEFAULT, new InMemoryRoutingTableStore(), 0);
    List<PeerAddresses> ps = bucketZeroPeers(22);
    for (int i = 0; i < 20; i++) {
      assertThat(t.offer(ps.get(i), true, i)).isInstanceOf(OfferResult.Added.class);
    }
    long later = 10 * 60_000;
    assertThat(t.offer(ps.get(20), true, later)).isEqualTo(new OfferResult.PingNeeded(ps.get(0)));
    assertThat(t.offer(ps.get(21), true, later)).isInstanceOf(OfferResult.Cached.class);
    t.onPingResult(ps.get(0).id(), true, later);
    assertThat(t.contains(ps.get(0).id())).isTrue();
    assertThat(t.contains(ps.get(20).id())).isFalse();
    assertThat(t.bucketSize(0)).isEqualTo(20);
  }

  @Test
  void deadOldestIsReplacedByTheNewestCandidate() {
    RoutingTable t = new RoutingTable(self, RoutingConfig.DEFAULT, new InMemoryRoutingTableStore(), 0);
    List<PeerAddresses> ps = bucketZeroPeers(21);
    for (int i = 0; i < 20; i++) {
      t.offer(ps.get(i), true, 0);
    }
    OfferResult r = t.offer(ps.get(20), true, 120_000);
    assertThat(r).isInstanceOf(OfferResult.PingNeeded.class);
    t.onPingResult(((OfferResult.PingNeeded) r).oldest().id(), false, 120_000);
    assertThat(t.contains(ps.get(20).id())).isTrue();
    assertThat(t.size()).isEqualTo(20);
  }

  @Test
  void recentlySeenOldestIsNotPinged() {
    RoutingTable t = new RoutingTable(self, RoutingConfig.DEFAULT, new InMemoryRoutingTableStore(), 0);
    List<PeerAddresses> ps = bucketZeroPeers(21);
    for (int i = 0; i < 20; i++) {
      t.offer(ps.get(i), true, 0);
    }
    assertThat(t.offer(ps.get(20), true, 1_000)).isInstanceOf(OfferResult.Cached.class);
  }

  @Test
  void oneNetworkGetsAtMostTwoPerBucketAndFivePerTable() {
    RoutingTable t = new RoutingTable(self, RoutingConfig.DEFAULT, new InMemoryRoutingTableStore(), 0);
    int accepted = 0;
    for (int i = 0; i < 200; i++) {
      if (t.offer(peers.peerAt(203, 0, 113, 1 + i), true, 0) instanceof OfferResult.Added) {
        accepted++;
      }
    }
    assertThat(accepted).isEqualTo(5);
    for (int b = 0; b < KadId.BITS; b++) {
      assertThat(t.bucketSize(b)).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void loopbackIsExemptOnlyWhenConfigured() {
    RoutingTable strict = new RoutingTable(self, RoutingConfig.DEFAULT, new InMemoryRoutingTableStore(), 0);
    RoutingTable lax = new RoutingTable(self, RoutingConfig.DEFAULT.withExemptLoopback(true),
        new InMemoryRoutingTableStore(), 0);
    for (int i = 0; i < 50; i++) {
      PeerAddresses p = peers.peerAt(127, 0, 0, 1);
      strict.offer(p, true, 0);
      lax.offer(p, true, 0);
    }
    assertThat(strict.size()).isEqualTo(5);
    assertThat(lax.size()).isGreaterThan(20);
  }

  @Test
  void closestReturnsMembersInXorOrder() {
    RoutingTable t = new RoutingTable(self, RoutingConfig.DEFAULT, new InMemoryRoutingTableStore(), 0);
    for (int i = 0; i < 300; i++) {
      t.offer(peers.peer(), true, 0);
    }
    KadId target = KadId.ofKey(new byte[] {1, 2, 3});
    List<PeerAddresses> expected = t.peers().stream()
        .sorted(Comparator.comparing(p -> KadId.ofPeer(p.id()), target.byDistance())).limit(20).toList();
    assertThat(t.closest(target, 20)).containsExactlyElementsOf(expected);
  }

  @Test
  void bucketsAreDueForRefreshAfterTheInterval() {
    RoutingTable t = new RoutingTable(self, RoutingConfig.DEFAULT, new InMemoryRoutingTableStore(), 0);
    bucketZeroPeers(3).forEach(p -> t.offer(p, true, 0));
    long interval = RoutingConfig.DEFAULT.refreshIntervalMillis();
    assertThat(t.bucketsDueForRefresh(interval - 1)).isEmpty();
    assertThat(t.bucketsDueForRefresh(interval)).containsExactly(0, 1);
    t.markRefreshed(KadId.randomWithCommonPrefix(selfId, 1, new java.util.Random(1)), interval);
    assertThat(t.bucketsDueForRefresh(interval)).containsExactly(0);
  }

  @Test
  void aMemberThatComesBackOnAnotherPortIsHandedOutThere() {
    InMemoryRoutingTableStore store = new InMemoryRoutingTableStore();
    RoutingTable t = new RoutingTable(self, RoutingConfig.DEFAULT, store, 0);
    PeerAddresses before = peers.peerAt(10, 1, 2, 3);
    byte[] otherPort = TestPeers.ip4(10, 1, 2, 3);
    otherPort[otherPort.length - 1] = 0x22;
    PeerAddresses after = new PeerAddresses(before.id(), List.of(otherPort));
    t.offer(before, true, 0);

    assertThat(t.offer(after, true, 1)).isInstanceOf(OfferResult.Updated.class);
    assertThat(t.peers()).containsExactly(after);
    assertThat(t.closest(KadId.ofPeer(before.id()), 1)).containsExactly(after);
    RoutingTable restarted = new RoutingTable(self, RoutingConfig.DEFAULT, store, 5);
    restarted.restore(5);
    assertThat(restarted.peers()).as("stored where it is now").containsExactly(after);
  }

  @Test
  void aPeerThatFailsWhileNoOtherAnswersStaysOnDiskForTheNextJoin() {
    InMemoryRoutingTableStore store = new InMemoryRoutingTableStore();
    RoutingTable t = new RoutingTable(self, RoutingConfig.DEFAULT, store, 0);
    List<PeerAddresses> ps = List.of(peers.peer(), peers.peer(), peers.peer());
    ps.forEach(p -> t.offer(p, true, 0));

    // Restarted while offline: the restored peers fail, and no other peer is heard from.
    RoutingTable offline = new RoutingTable(self, RoutingConfig.DEFAULT, store, 1_000_000);
    assertThat(offline.restore(1_000_000)).isEqualTo(3);
    ps.forEach(p -> offline.failedToAnswer(p.id(), 1_000_100));
    assertThat(offline.size()).isZero();
    assertThat(offline.storedNonMembers()).containsExactlyInAnyOrderElementsOf(ps);
    // Asked again as seeds (told of, not heard from), they fail again: still kept.
    ps.forEach(p -> offline.offerSeed(p, 1_500_000));
    ps.forEach(p -> offline.failedToAnswer(p.id(), 1_500_100));
    assertThat(offline.storedNonMembers()).containsExactlyInAnyOrderElementsOf(ps);

    // Online again: one answers; a peer that fails within the minute after is forgotten on disk too.
    offline.markSeen(ps.get(1).id(), 2_000_000);
    offline.offer(ps.get(1), true, 2_000_000);
    offline.failedToAnswer(ps.get(0).id(), 2_000_000 + RoutingTable.OFFLINE_AFTER_MILLIS);
    assertThat(offline.storedNonMembers()).containsExactly(ps.get(2));
    RoutingTable restarted = new RoutingTable(self, RoutingConfig.DEFAULT, store, 3_000_000);
    assertThat(restarted.restore(3_000_000)).isEqualTo(2);
    assertThat(restarted.peers()).containsExactlyInAnyOrder(ps.get(1), ps.get(2));
  }

  @Test
  void membersPersistThroughTheStore() {
    InMemoryRoutingTableStore store = new InMemoryRoutingTableStore();
    RoutingTable t = new RoutingTable(self, RoutingConfig.DEFAULT, store, 0);
    List<PeerAddresses> ps = List.of(peers.peer(), peers.peer(), peers.peer());
    ps.forEach(p -> t.offer(p, true, 0));
    t.remove(ps.get(0).id());
    RoutingTable restarted = new RoutingTable(self, RoutingConfig.DEFAULT, store, 5);
    assertThat(restarted.restore(5)).isEqualTo(2);
    assertThat(restarted.peers()).containsExactlyInAnyOrder(ps.get(1), ps.get(2));
  }
}
