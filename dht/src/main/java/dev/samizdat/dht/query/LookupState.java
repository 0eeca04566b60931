package dev.samizdat.dht.query;

import dev.samizdat.dht.KadId;
import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.libp2p.PeerId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The state of one iterative Kademlia lookup path (kad-dht spec, "Peer routing"): candidates sorted
 * by distance to the target, at most α requests in flight, closest unqueried first; finished when
 * the k closest candidates that have not failed have all answered, or no candidate is left.
 *
 * <p>For disjoint paths (S/Kademlia §4.4) several states share one {@code claimed} set: a peer that
 * one path has queried is skipped by the others. Not thread-safe: the driver serializes events.
 */
public final class LookupState {
  enum Status { WAITING, IN_FLIGHT, RESPONDED, FAILED, SKIPPED }

  private static final class Candidate {
    final PeerAddresses peer;
    final int depth;
    Status status = Status.WAITING;

    Candidate(PeerAddresses peer, int depth) {
      this.peer = peer;
      this.depth = depth;
    }
  }

  private final KadId target;
  private final int k;
  private final int alpha;
  private final PeerId self;
  private final Set<PeerId> claimed;
  private final TreeMap<KadId, Candidate> candidates;
  private final Map<PeerId, KadId> idOf = new HashMap<>();
  private int inFlight;
  private int sent;

  /**
   * @param claimed shared across disjoint paths (a concurrent-safe set is not needed: the driver
   *     serializes all paths); a fresh set for a single path
   */
  public LookupState(KadId target, int k, int alpha, PeerId self, Set<PeerId> claimed) {
    this.target = target;
    this.k = k;
    this.alpha = alpha;
    this.self = self;
    this.claimed = claimed;
    this.candidates = new TreeMap<>(target.byDistance());
  }

  public void addSeeds(List<PeerAddresses> seeds) {
    for (PeerAddresses p : seeds) {
      add(p, 1);
    }
  }

  /** Picks the next peers to query and marks them in flight. */
  public List<PeerAddresses> nextRequests() {
    List<PeerAddresses> out = new ArrayList<>();
    int live = 0;
    for (Candidate c : candidates.values()) {
      if (live >= k || inFlight >= alpha) {
        break;
      }
      if (c.status == Status.FAILED || c.status == Status.SKIPPED) {
        continue;
      }
      if (c.status == Status.WAITING) {
        if (!claimed.add(c.peer.id())) {
          c.status = Status.SKIPPED;
          continue;
        }
        c.status = Status.IN_FLIGHT;
        inFlight++;
        sent++;
        out.add(c.peer);
      }
      live++;
    }
    return out;
  }

  /** A queried peer answered with these closer peers. */
  public void onResponse(PeerId from, List<PeerAddresses> closerPeers) {
    Candidate c = inFlightCandidate(from);
    if (c == null) {
      return;
    }
    c.status = Status.RESPONDED;
    inFlight--;
    for (PeerAddresses p : closerPeers) {
      add(p, c.depth + 1);
    }
  }

  /** A queried peer failed or timed out. */
  public void onFailure(PeerId from) {
    Candidate c = inFlightCandidate(from);
    if (c != null) {
      c.status = Status.FAILED;
      inFlight--;
    }
  }

  /** Whether a request to {@code peer} is in flight (it has neither answered nor failed yet). */
  public boolean isAwaiting(PeerId peer) {
    return inFlightCandidate(peer) != null;
  }

  public boolean isFinished() {
    int live = 0;
    for (Candidate c : candidates.values()) {
      if (live >= k) {
        return true;
      }
      switch (c.status) {
        case RESPONDED -> live++;
        case WAITING -> {
          if (!claimed.contains(c.peer.id())) {
            return false;
          }
        }
        case IN_FLIGHT -> {
          return false;
        }
        default -> { }
      }
    }
    return inFlight == 0;
  }

  /** Up to {@code n} peers that answered, closest to the target first. */
  public List<PeerAddresses> closestResponded(int n) {
    List<PeerAddresses> out = new ArrayList<>(n);
    for (Candidate c : candidates.values()) {
      if (out.size() >= n) {
        break;
      }
      if (c.status == Status.RESPONDED) {
        out.add(c.peer);
      }
    }
    return out;
  }

  /** The hop count at which the closest answering peer was reached (1 = it was in our table). */
  public int hopsToClosest() {
    for (Candidate c : candidates.values()) {
      if (c.status == Status.RESPONDED) {
        return c.depth;
      }
    }
    return 0;
  }

  public int requestsSent() {
    return sent;
  }

  public int inFlight() {
    return inFlight;
  }

  public KadId target() {
    return target;
  }

  private void add(PeerAddresses p, int depth) {
    if (p.id().equals(self) || idOf.containsKey(p.id())) {
      return;
    }
    KadId id = KadId.ofPeer(p.id());
    idOf.put(p.id(), id);
    candidates.put(id, new Candidate(p, depth));
  }

  private Candidate inFlightCandidate(PeerId peer) {
    KadId id = idOf.get(peer);
    Candidate c = id == null ? null : candidates.get(id);
    return c != null && c.status == Status.IN_FLIGHT ? c : null;
  }
}
