package dev.samizdat.dht.routing;

import dev.samizdat.dht.PeerAddresses;
import dev.samizdat.libp2p.PeerId;
import java.util.List;

/**
 * Where a routing table keeps its peers across restarts. Implementations must be thread-safe; calls
 * may block briefly (a local database write) and are made while the table is locked.
 */
public interface RoutingTableStore {
  /** A stored member: its addresses and when it was added or last changed. */
  record StoredPeer(PeerAddresses peer, long addedAtMillis) {}

  /** Inserts or replaces the peer. */
  void put(PeerAddresses peer, long addedAtMillis);

  void remove(PeerId peer);

  /** Everything stored, in no particular order. */
  List<StoredPeer> loadAll();
}
