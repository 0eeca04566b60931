package dev.samizdat.dht.routing;

import dev.samizdat.dht.KadId;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.dht.routing.OfferResult.Reason;
import dev.samizdat.libp2p.PeerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Kademlia k-bucket routing table (kad-dht spec, "Kademlia routing table"): bucket i holds the
 * peers whose id shares exactly i leading bits with ours, at most k of them, least recently seen
 * first. Only peers the caller knows to serve the DHT protocol may enter. A full bucket keeps its
 * members unless the oldest fails a ping (ping-before-evict, Kademlia §2.2), and an IP diversity
 * limit keeps one host or network from filling a bucket or the table.
 *
 * <p>A state machine: it does no I/O, and tells the caller whom to ping through {@link OfferResult}.
 * Thread-safe (all methods synchronize on the table).
 */
public final class RoutingTable {
  /**
   * A peer that fails to answer leaves the disk only if another peer was heard from within this long:
   * otherwise this node is likely offline itself, and the peers it knew are what it needs to rejoin.
   */
  public static final long OFFLINE_AFTER_MILLIS = 60_000;
  private final PeerId selfPeer;
  private final KadId self;
  private final RoutingConfig config;
  private final RoutingTableStore store;
  private final Bucket[] buckets = new Bucket[KadId.BITS];
  private final Map<PeerId, Entry> members = new HashMap<>();
  private final Map<IpGroup, Integer> groupCounts = new HashMap<>();
  private final long[] lastRefreshed = new long[KadId.BITS];
  /** When a peer last showed it is there (answered, asked, was identified); MIN_VALUE: never since start. */
  private long lastHeardMillis = Long.MIN_VALUE;
  /** Peers that left the table but not the disk: they failed to answer while no other peer answered. */
  private final Set<PeerId> keptOnDisk = new HashSet<>();

  public RoutingTable(PeerId self, RoutingConfig config, RoutingTableStore store, long nowMillis) {
    this.selfPeer = self;
    this.self = KadId.ofPeer(self);
    this.config = config;
    this.store = store;
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new Bucket();
    }
    java.util.Arrays.fill(lastRefreshed, nowMillis);
  }

  public KadId self() {
    return self;
  }

  public RoutingConfig config() {
    return config;
  }

  /** Re-offers the peers of the store (they served the DHT when they were stored). */
  public synchronized int restore(long nowMillis) {
    int restored = 0;
    for (RoutingTableStore.StoredPeer p : store.loadAll()) {
      if (admit(p.peer(), true, nowMillis) instanceof OfferResult.Added) {
        restored++;
      }
    }
    return restored;
  }

  /**
   * Offers a peer we have just heard from. {@code servesDht} says whether it speaks the DHT protocol
   * in server mode (identify, or it answered a DHT request); a member that stops serving it is removed.
   */
  public synchronized OfferResult offer(PeerAddresses peer, boolean servesDht, long nowMillis) {
    lastHeardMillis = nowMillis;
    return admit(peer, servesDht, nowMillis);
  }

  /**
   * Offers a peer this node was told of (a bootstrap address), which it has not heard from: as {@link
   * #offer}, except that it does not show that this node is online.
   */
  public synchronized OfferResult offerSeed(PeerAddresses peer, long nowMillis) {
    return admit(peer, true, nowMillis);
  }

  private OfferResult admit(PeerAddresses peer, boolean servesDht, long nowMillis) {
    if (peer.id().equals(selfPeer)) {
      return new OfferResult.Rejected(Reason.SELF);
    }
    if (!servesDht) {
      remove(peer.id());
      return new OfferResult.Rejected(Reason.NOT_A_DHT_SERVER);
    }
    Entry existing = members.get(peer.id());
    if (existing != null) {
      Set<IpGroup> groups = IpGroup.of(peer.multiaddrs());
      if (!groups.equals(existing.groups)) {
        Bucket b = buckets[existing.bucket];
        releaseGroups(existing);
        b.members.remove(existing);
        if (!diversityAllows(groups, b)) {
          members.remove(peer.id());
          store.remove(peer.id());
          refill(b, nowMillis);
          return new OfferResult.Rejected(Reason.DIVERSITY_LIMIT);
        }
        existing = new Entry(peer, existing.id, groups, existing.bucket);
        members.put(peer.id(), existing);
        b.members.add(existing);
        takeGroups(existing);
        store.put(peer, nowMillis);
      } else if (!peer.equals(existing.peer)) {
        // Same addresses' networks, another port (a restart): lookups must hand out where it is now.
        List<Entry> bucketMembers = buckets[existing.bucket].members;
        Entry moved = new Entry(peer, existing.id, groups, existing.bucket);
        bucketMembers.set(bucketMembers.indexOf(existing), moved);
        members.put(peer.id(), moved);
        store.put(peer, nowMillis);
        existing = moved;
      }
      touch(existing, nowMillis);
      return new OfferResult.Updated();
    }
    KadId id = KadId.ofPeer(peer.id());
    int index = bucketIndex(id);
    Bucket bucket = buckets[index];
    Set<IpGroup> groups = IpGroup.of(peer.multiaddrs());
    if (!diversityAllows(groups, bucket)) {
      return new OfferResult.Rejected(Reason.DIVERSITY_LIMIT);
    }
    if (bucket.members.size() < config.bucketSize()) {
      insert(new Entry(peer, id, groups, index), nowMillis);
      return new OfferResult.Added();
    }
    bucket.cache(peer, config.replacementCacheSize());
    Entry oldest = bucket.members.get(0);
    if (bucket.pinging == null && nowMillis - oldest.lastSeen >= config.pingAfterMillis()) {
      bucket.pinging = oldest.peer.id();
      return new OfferResult.PingNeeded(oldest.peer);
    }
    return new OfferResult.Cached();
  }

  /**
   * The outcome of a ping that {@link OfferResult.PingNeeded} asked for: a live peer stays (as the
   * most recently seen), a dead one is replaced by the newest fitting candidate of the cache.
   */
  public synchronized void onPingResult(PeerId peer, boolean alive, long nowMillis) {
    Entry e = members.get(peer);
    if (e == null) {
      return;
    }
    Bucket b = buckets[e.bucket];
    if (peer.equals(b.pinging)) {
      b.pinging = null;
    }
    if (alive) {
      lastHeardMillis = nowMillis;
      touch(e, nowMillis);
    } else {
      remove(peer, nowMillis, heardFromAnyoneRecently(nowMillis));
    }
  }

  /** Records that we heard from a peer (it answered a request); a member counts as most recently seen. */
  public synchronized void markSeen(PeerId peer, long nowMillis) {
    lastHeardMillis = nowMillis;
    Entry e = members.get(peer);
    if (e != null) {
      touch(e, nowMillis);
    }
  }

  /** Removes a peer that broke the protocol, from the disk too; returns whether it was a member. */
  public synchronized boolean remove(PeerId peer) {
    return remove(peer, Long.MIN_VALUE, true);
  }

  /**
   * Removes a peer that did not answer; it stays on disk while no other peer answers either (see {@link
   * #OFFLINE_AFTER_MILLIS}). Returns whether it was a member.
   */
  public synchronized boolean failedToAnswer(PeerId peer, long nowMillis) {
    return remove(peer, nowMillis, heardFromAnyoneRecently(nowMillis));
  }

  private boolean heardFromAnyoneRecently(long nowMillis) {
    return lastHeardMillis != Long.MIN_VALUE && nowMillis - lastHeardMillis <= OFFLINE_AFTER_MILLIS;
  }

  /**
   * The peers kept on disk that are not members now (they stopped answering while no other peer
   * answered): whom a node that has lost every member asks again, beside its bootstrap peers.
   */
  public synchronized List<PeerAddresses> storedNonMembers() {
    return store.loadAll().stream().map(RoutingTableStore.StoredPeer::peer)
        .filter(p -> !members.containsKey(p.id())).toList();
  }

  private boolean remove(PeerId peer, long nowMillis, boolean fromDisk) {
    Entry e = members.remove(peer);
    if (e == null) {
      if (fromDisk && keptOnDisk.remove(peer)) {
        store.remove(peer); // kept earlier, asked again, and failed (or broke the protocol) while others answer
      }
      return false;
    }
    Bucket b = buckets[e.bucket];
    b.members.remove(e);
    if (peer.equals(b.pinging)) {
      b.pinging = null;
    }
    releaseGroups(e);
    if (fromDisk) {
      store.remove(peer);
    } else {
      keptOnDisk.add(peer);
    }
    refill(b, nowMillis);
    return true;
  }

  private void refill(Bucket b, long nowMillis) {
    while (b.members.size() < config.bucketSize() && !b.candidates.isEmpty()) {
      PeerAddresses candidate = b.candidates.remove(b.candidates.size() - 1);
      if (members.containsKey(candidate.id())) {
        continue;
      }
      Set<IpGroup> groups = IpGroup.of(candidate.multiaddrs());
      if (diversityAllows(groups, b)) {
        KadId id = KadId.ofPeer(candidate.id());
        insert(new Entry(candidate, id, groups, bucketIndex(id)), nowMillis == Long.MIN_VALUE ? 0 : nowMillis);
      }
    }
  }

  /**
   * The {@code count} members closest to {@code target}, closest first. With c the common prefix of
   * target and self, bucket c holds the closest peers (they share more than c bits with the
   * target), then come all deeper buckets together (exactly c bits), then buckets c-1 down to 0.
   */
  public synchronized List<PeerAddresses> closest(KadId target, int count) {
    int c = Math.min(self.commonPrefixLength(target), KadId.BITS - 1);
    List<PeerAddresses> out = new ArrayList<>(count);
    List<Entry> group = new ArrayList<>(buckets[c].members);
    takeClosest(group, target, count, out);
    if (out.size() < count) {
      group.clear();
      for (int i = c + 1; i < KadId.BITS; i++) {
        if (!buckets[i].members.isEmpty()) {
          group.addAll(buckets[i].members);
        }
      }
      takeClosest(group, target, count, out);
    }
    for (int i = c - 1; i >= 0 && out.size() < count; i--) {
      if (!buckets[i].members.isEmpty()) {
        group.clear();
        group.addAll(buckets[i].members);
        takeClosest(group, target, count, out);
      }
    }
    return out;
  }

  private static void takeClosest(List<Entry> group, KadId target, int count, List<PeerAddresses> out) {
    if (group.isEmpty()) {
      return;
    }
    group.sort((a, b) -> target.compareDistance(a.id, b.id));
    for (int i = 0; i < group.size() && out.size() < count; i++) {
      out.add(group.get(i).peer);
    }
  }

  public synchronized Optional<PeerAddresses> find(PeerId peer) {
    Entry e = members.get(peer);
    return e == null ? Optional.empty() : Optional.of(e.peer);
  }

  public synchronized boolean contains(PeerId peer) {
    return members.containsKey(peer);
  }

  public synchronized int size() {
    return members.size();
  }

  public synchronized List<PeerAddresses> peers() {
    return members.values().stream().map(e -> e.peer).toList();
  }

  /**
   * The prefix lengths of the buckets that no lookup has touched for the refresh interval, from
   * bucket 0 up to one past the deepest non-empty bucket (deeper buckets cannot have peers yet).
   * Refresh one by looking up {@link KadId#randomWithCommonPrefix} and calling {@link #markRefreshed}.
   */
  public synchronized List<Integer> bucketsDueForRefresh(long nowMillis) {
    int deepest = -1;
    for (int i = buckets.length - 1; i >= 0; i--) {
      if (!buckets[i].members.isEmpty()) {
        deepest = i;
        break;
      }
    }
    int last = Math.min(deepest + 1, KadId.BITS - 1);
    List<Integer> due = new ArrayList<>();
    for (int i = 0; i <= last; i++) {
      if (nowMillis - lastRefreshed[i] >= config.refreshIntervalMillis()) {
        due.add(i);
      }
    }
    return due;
  }

  /** A lookup for {@code target} completed: its bucket counts as refreshed. */
  public synchronized void markRefreshed(KadId target, long nowMillis) {
    int cpl = self.commonPrefixLength(target);
    if (cpl < KadId.BITS) {
      lastRefreshed[cpl] = nowMillis;
    }
  }

  /** The number of members in the bucket of this prefix length. */
  public synchronized int bucketSize(int prefixLength) {
    return buckets[prefixLength].members.size();
  }

  private int bucketIndex(KadId id) {
    return Math.min(self.commonPrefixLength(id), KadId.BITS - 1);
  }

  private boolean diversityAllows(Set<IpGroup> groups, Bucket bucket) {
    for (IpGroup g : groups) {
      if (g.loopback() && config.exemptLoopback()) {
        continue;
      }
      if (groupCounts.getOrDefault(g, 0) >= config.maxPerGroupPerTable()) {
        return false;
      }
      int inBucket = 0;
      for (Entry e : bucket.members) {
        if (e.groups.contains(g)) {
          inBucket++;
        }
      }
      if (inBucket >= config.maxPerGroupPerBucket()) {
        return false;
      }
    }
    return true;
  }

  private void insert(Entry e, long nowMillis) {
    e.lastSeen = nowMillis;
    keptOnDisk.remove(e.peer.id());
    buckets[e.bucket].members.add(e);
    buckets[e.bucket].candidates.removeIf(c -> c.id().equals(e.peer.id()));
    members.put(e.peer.id(), e);
    takeGroups(e);
    store.put(e.peer, nowMillis);
  }

  private void touch(Entry e, long nowMillis) {
    e.lastSeen = nowMillis;
    List<Entry> list = buckets[e.bucket].members;
    list.remove(e);
    list.add(e);
  }

  private void takeGroups(Entry e) {
    for (IpGroup g : e.groups) {
      groupCounts.merge(g, 1, Integer::sum);
    }
  }

  private void releaseGroups(Entry e) {
    for (IpGroup g : e.groups) {
      groupCounts.computeIfPresent(g, (k, v) -> v == 1 ? null : v - 1);
    }
  }

  private static final class Entry {
    final PeerAddresses peer;
    final KadId id;
    final Set<IpGroup> groups;
    final int bucket;
    long lastSeen;

    Entry(PeerAddresses peer, KadId id, Set<IpGroup> groups, int bucket) {
      this.peer = peer;
      this.id = id;
      this.groups = groups;
      this.bucket = bucket;
    }
  }

  /** Members least recently seen first, and candidates newest last. */
  private static final class Bucket {
    final List<Entry> members = new ArrayList<>();
    final List<PeerAddresses> candidates = new ArrayList<>();
    PeerId pinging;

    void cache(PeerAddresses peer, int max) {
      candidates.removeIf(c -> c.id().equals(peer.id()));
      candidates.add(peer);
      if (candidates.size() > max) {
        candidates.remove(0);
      }
    }
  }
}
