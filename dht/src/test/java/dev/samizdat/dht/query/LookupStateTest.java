package dev.samizdat.dht.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.samizdat.dht.KadId;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.TestPeers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class LookupStateTest {
  private final TestPeers peers = new TestPeers(51);
  private final KadId target = KadId.ofKey(new byte[] {9});

  private List<PeerAddresses> some(int n) {
    List<PeerAddresses> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(peers.peer());
    }
    return out;
  }

  @Test
  void keepsAtMostAlphaRequestsInFlightClosestFirst() {
    LookupState s = new LookupState(target, 20, 3, peers.id(), new HashSet<>());
    List<PeerAddresses> seeds = some(10);
    s.addSeeds(seeds);
    List<PeerAddresses> first = s.nextRequests();
    assertThat(first).hasSize(3);
    assertThat(s.nextRequests()).isEmpty();
    PeerAddresses closest = seeds.stream()
        .min((a, b) -> target.compareDistance(KadId.ofPeer(a.id()), KadId.ofPeer(b.id()))).orElseThrow();
    assertThat(first.get(0)).isEqualTo(closest);
  }

  @Test
  void finishesWhenTheKClosestHaveAnsweredAndSkipsFailures() {
    LookupState s = new LookupState(target, 2, 3, peers.id(), new HashSet<>());
    s.addSeeds(some(4));
    List<PeerAddresses> asked = s.nextRequests();
    assertThat(asked).as("only the k closest are asked").hasSize(2);
    s.onFailure(asked.get(0).id());
    List<PeerAddresses> replacement = s.nextRequests();
    assertThat(replacement).hasSize(1);
    s.onResponse(asked.get(1).id(), List.of());
    assertThat(s.isFinished()).isFalse();
    s.onResponse(replacement.get(0).id(), List.of());
    assertThat(s.isFinished()).isTrue();
    assertThat(s.closestResponded(5)).containsExactly(asked.get(1), replacement.get(0));
    assertThat(s.requestsSent()).isEqualTo(3);
  }

  @Test
  void countsHopsThroughReferrals() {
    LookupState s = new LookupState(target, 20, 3, peers.id(), new HashSet<>());
    PeerAddresses seed = peers.peer();
    s.addSeeds(List.of(seed));
    s.nextRequests();
    PeerAddresses referred = peers.peer();
    s.onResponse(seed.id(), List.of(referred));
    s.nextRequests();
    s.onResponse(referred.id(), List.of());
    boolean referredCloser = target.compareDistance(KadId.ofPeer(referred.id()), KadId.ofPeer(seed.id())) < 0;
    assertThat(s.hopsToClosest()).isEqualTo(referredCloser ? 2 : 1);
    assertThat(s.isFinished()).isTrue();
  }

  @Test
  void disjointPathsNeverQueryTheSamePeer() {
    HashSet<dev.samizdat.libp2p.PeerId> claimed = new HashSet<>();
    LookupState a = new LookupState(target, 20, 3, peers.id(), claimed);
    LookupState b = new LookupState(target, 20, 3, peers.id(), claimed);
    List<PeerAddresses> shared = some(6);
    a.addSeeds(shared);
    b.addSeeds(shared);
    List<PeerAddresses> fromA = a.nextRequests();
    List<PeerAddresses> fromB = b.nextRequests();
    assertThat(fromB).doesNotContainAnyElementsOf(fromA).hasSize(3);
  }
}
